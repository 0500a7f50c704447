// The sign-in limiter: two capped tables of counts, reserved before the check, settled after it.
#include "dashboard/login_limiter.hpp"

#include <algorithm>
#include <utility>

namespace hymy::hq {

LoginLimiter::Attempt::Attempt(Attempt&& other) noexcept
    : limiter_(other.limiter_), pair_key_(std::move(other.pair_key_)),
      address_key_(std::move(other.address_key_)), started_ms_(other.started_ms_) {
  other.limiter_ = nullptr;
}

LoginLimiter::Attempt::~Attempt() {
  if (limiter_) limiter_->settle(*this, false, started_ms_);
}

void LoginLimiter::Attempt::succeeded() {
  if (!limiter_) return;
  LoginLimiter* limiter = std::exchange(limiter_, nullptr);
  limiter->settle(*this, true, started_ms_);
}

std::int64_t LoginLimiter::Attempt::failed(std::int64_t now_ms) {
  if (!limiter_) return 0;
  LoginLimiter* limiter = std::exchange(limiter_, nullptr);
  return limiter->settle(*this, false, now_ms);
}

// 0 when a guess may start now, else how long to wait. A guess may start while the budget has
// room for it counting the guesses in flight; past the budget, one at a time once the delay is over.
std::int64_t LoginLimiter::wait_of(Table& table, const std::string& key, int budget,
                                   std::int64_t now_ms) {
  const auto it = table.entries.find(key);
  if (it == table.entries.end()) return 0;
  Entry& e = it->second;
  if (e.in_flight == 0 && now_ms - e.last_ms >= limits_.forget_after_ms && now_ms >= e.blocked_until_ms) {
    table.by_age.erase(e.order);
    table.entries.erase(it);
    return 0;
  }
  if (now_ms < e.blocked_until_ms) return e.blocked_until_ms - now_ms;
  if (e.failures + e.in_flight < budget || e.in_flight == 0) return 0;
  // The budget is taken by guesses still being checked: their outcome decides the delay.
  return limits_.first_delay_ms;
}

LoginLimiter::Entry& LoginLimiter::touch(Table& table, const std::string& key, std::int64_t now_ms) {
  auto it = table.entries.find(key);
  if (it == table.entries.end()) {
    // Full: forget the least recently used entry no guess in flight refers to.
    if (table.entries.size() >= limits_.max_tracked) {
      for (auto old = table.by_age.begin(); old != table.by_age.end(); ++old) {
        const auto victim = table.entries.find(*old);
        if (victim->second.in_flight > 0) continue;
        table.entries.erase(victim);
        table.by_age.erase(old);
        break;
      }
    }
    it = table.entries.emplace(key, Entry{}).first;
    it->second.order = table.by_age.insert(table.by_age.end(), key);
  } else {
    table.by_age.splice(table.by_age.end(), table.by_age, it->second.order);
  }
  it->second.last_ms = now_ms;
  return it->second;
}

// Settles one guess of `key`; returns the delay a failure started (0 if none).
std::int64_t LoginLimiter::settle(Table& table, const std::string& key, int budget, bool success,
                                  std::int64_t now_ms) {
  Entry& e = touch(table, key, now_ms);  // recreated if it was forgotten meanwhile
  if (e.in_flight > 0) --e.in_flight;
  if (success) return 0;
  ++e.failures;
  const int over = e.failures - budget;
  if (over < 0) return 0;
  std::int64_t delay = limits_.first_delay_ms;
  for (int i = 0; i < over && delay < limits_.max_delay_ms; ++i) delay *= 2;
  delay = std::min(delay, limits_.max_delay_ms);
  e.blocked_until_ms = std::max(e.blocked_until_ms, now_ms + delay);
  return delay;
}

std::int64_t LoginLimiter::settle(const Attempt& attempt, bool success, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  const std::int64_t by_pair =
      settle(pairs_, attempt.pair_key_, limits_.free_failures_per_account_address, success, now_ms);
  if (success) {
    // The account's count from this address starts afresh; the address keeps its count.
    const auto it = pairs_.entries.find(attempt.pair_key_);
    if (it != pairs_.entries.end()) {
      it->second.failures = 0;
      it->second.blocked_until_ms = 0;
      if (it->second.in_flight == 0) {
        pairs_.by_age.erase(it->second.order);
        pairs_.entries.erase(it);
      }
    }
  }
  const std::int64_t by_address =
      settle(addresses_, attempt.address_key_, limits_.free_failures_per_address, success, now_ms);
  return std::max(by_pair, by_address);
}

std::variant<LoginLimiter::Attempt, LoginLimiter::Refused> LoginLimiter::begin(
    const std::string& account, const std::string& address, std::int64_t now_ms) {
  // A newline cannot occur in an address, so no two (account, address) pairs share a key.
  std::string pair_key = account + '\n' + address;
  std::lock_guard lock(mutex_);
  const std::int64_t wait =
      std::max(wait_of(pairs_, pair_key, limits_.free_failures_per_account_address, now_ms),
               wait_of(addresses_, address, limits_.free_failures_per_address, now_ms));
  if (wait > 0) return Refused{wait};
  ++touch(pairs_, pair_key, now_ms).in_flight;
  ++touch(addresses_, address, now_ms).in_flight;
  return Attempt(this, std::move(pair_key), address, now_ms);
}

std::size_t LoginLimiter::tracked() {
  std::lock_guard lock(mutex_);
  return pairs_.entries.size() + addresses_.entries.size();
}

}  // namespace hymy::hq
