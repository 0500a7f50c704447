// Capped exponential backoff with full jitter ("Exponential Backoff and Jitter", AWS Architecture
// Blog): the n-th retry waits a uniformly random time in [0, min(cap, base * 2^n)], so tablets
// that lost HQ at the same moment do not all come back at the same moment.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace hymy::sync {

class Backoff {
 public:
  // `uniform01` returns a random number in [0, 1); tests pass a fixed one.
  Backoff(std::int64_t base_ms, std::int64_t cap_ms, std::int64_t max_retry_after_ms,
          std::function<double()> uniform01);

  // The wait before the next attempt. A server's Retry-After (already in ms) is honoured as a
  // lower bound, clamped to [0, max_retry_after_ms] so a hostile or broken value cannot park the
  // tablet for days.
  std::int64_t next_delay_ms(std::optional<std::int64_t> retry_after_ms = std::nullopt);
  void reset() { failures_ = 0; }
  int failures() const { return failures_; }

 private:
  std::int64_t base_ms_;
  std::int64_t cap_ms_;
  std::int64_t max_retry_after_ms_;
  std::function<double()> uniform01_;
  int failures_ = 0;
};

// Parses a Retry-After header value (delay-seconds or an HTTP-date) into milliseconds from
// `now_ms`; none if it is neither.
std::optional<std::int64_t> parse_retry_after(const std::string& value, std::int64_t now_ms);

}  // namespace hymy::sync
