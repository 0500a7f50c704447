// The sign-in limiter: counts per key, a doubling delay after the free failures.
#include "dashboard/login_limiter.hpp"

#include <algorithm>

namespace hymy::hq {

std::optional<std::int64_t> LoginLimiter::wait_of(const std::string& key, std::int64_t now_ms) {
  const auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  if (now_ms - it->second.last_failure_ms >= limits_.forget_after_ms &&
      now_ms >= it->second.blocked_until_ms) {
    entries_.erase(it);
    return std::nullopt;
  }
  if (now_ms < it->second.blocked_until_ms) return it->second.blocked_until_ms - now_ms;
  return std::nullopt;
}

std::optional<std::int64_t> LoginLimiter::blocked_for(const std::string& user,
                                                      const std::string& address,
                                                      std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  const auto by_user = wait_of("u:" + user, now_ms);
  const auto by_address = wait_of("a:" + address, now_ms);
  if (!by_user) return by_address;
  if (!by_address) return by_user;
  return std::max(*by_user, *by_address);
}

void LoginLimiter::fail(const std::string& key, int free_failures, std::int64_t now_ms) {
  Entry& e = entries_[key];
  if (e.failures > 0 && now_ms - e.last_failure_ms >= limits_.forget_after_ms) e = Entry{};
  ++e.failures;
  e.last_failure_ms = now_ms;
  const int over = e.failures - free_failures;
  if (over >= 0) {
    std::int64_t delay = limits_.first_delay_ms;
    for (int i = 0; i < over && delay < limits_.max_delay_ms; ++i) delay *= 2;
    e.blocked_until_ms = now_ms + std::min(delay, limits_.max_delay_ms);
  }
}

void LoginLimiter::prune(std::int64_t now_ms) {
  if (entries_.size() < limits_.max_tracked) return;
  std::erase_if(entries_, [&](const auto& kv) {
    return now_ms - kv.second.last_failure_ms >= limits_.forget_after_ms &&
           now_ms >= kv.second.blocked_until_ms;
  });
  // Still full: forget the oldest failures first, those that are least likely to matter now.
  while (entries_.size() >= limits_.max_tracked) {
    const auto oldest = std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
      return a.second.last_failure_ms < b.second.last_failure_ms;
    });
    entries_.erase(oldest);
  }
}

void LoginLimiter::record_failure(const std::string& user, const std::string& address,
                                  std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  prune(now_ms);
  fail("u:" + user, limits_.free_failures_per_user, now_ms);
  fail("a:" + address, limits_.free_failures_per_address, now_ms);
}

void LoginLimiter::record_success(const std::string& user) {
  std::lock_guard lock(mutex_);
  entries_.erase("u:" + user);
}

std::size_t LoginLimiter::tracked() {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace hymy::hq
