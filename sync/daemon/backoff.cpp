// Backoff delays and Retry-After parsing.
#include "daemon/backoff.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cmath>

namespace hymy::sync {

Backoff::Backoff(std::int64_t base_ms, std::int64_t cap_ms, std::int64_t max_retry_after_ms,
                 std::function<double()> uniform01)
    : base_ms_(std::max<std::int64_t>(1, base_ms)),
      cap_ms_(std::max(base_ms_, cap_ms)),
      max_retry_after_ms_(std::max<std::int64_t>(0, max_retry_after_ms)),
      uniform01_(std::move(uniform01)) {}

std::int64_t Backoff::next_delay_ms(std::optional<std::int64_t> retry_after_ms) {
  // base * 2^failures without overflow: stop doubling once past the cap.
  std::int64_t ceiling = base_ms_;
  for (int i = 0; i < failures_ && ceiling < cap_ms_; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, cap_ms_);
  ++failures_;
  const double u = std::clamp(uniform01_(), 0.0, 1.0);
  auto delay = static_cast<std::int64_t>(std::floor(u * static_cast<double>(ceiling)));
  if (retry_after_ms) delay = std::max(delay, std::clamp(*retry_after_ms, std::int64_t{0}, max_retry_after_ms_));
  return delay;
}

std::optional<std::int64_t> parse_retry_after(const std::string& raw, std::int64_t now_ms) {
  std::string value = raw;
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.erase(0, 1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (value.size() > 9) return std::int64_t{999'999'999} * 1000;  // absurd; the caller clamps
    return std::stoll(value) * 1000;
  }
  const time_t at = curl_getdate(value.c_str(), nullptr);
  if (at < 0) return std::nullopt;
  return std::max<std::int64_t>(0, static_cast<std::int64_t>(at) * 1000 - now_ms);
}

}  // namespace hymy::sync
