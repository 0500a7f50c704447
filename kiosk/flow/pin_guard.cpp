// PIN guessing rules (see pin_guard.hpp).
#include "flow/pin_guard.hpp"

#include <algorithm>
#include <sstream>

namespace hymy::kiosk {

std::int64_t pin_delay_ms(int failures, const PinRules& rules) {
  if (failures <= 0) return 0;
  if (failures >= rules.failures_before_lock) return rules.lock_ms;
  return std::min(rules.lock_ms, rules.first_delay_ms << std::min(failures - 1, 20));
}

PinGuard after_wrong_pin(const PinGuard& g, std::int64_t wall_ms, const PinRules& rules) {
  PinGuard next;
  next.failures = std::min(g.failures + 1, 1'000);
  next.retry_at_ms = wall_ms + pin_delay_ms(next.failures, rules);
  return next;
}

std::int64_t pin_wait_ms(const PinGuard& g, std::int64_t wall_ms, const PinRules& rules) {
  const std::int64_t left = g.retry_at_ms - wall_ms;
  return std::clamp<std::int64_t>(left, 0, pin_delay_ms(g.failures, rules));
}

bool pin_locked(const PinGuard& g, std::int64_t wall_ms, const PinRules& rules) {
  return g.failures >= rules.failures_before_lock && pin_wait_ms(g, wall_ms, rules) > 0;
}

std::string encode_pin_guard(const PinGuard& g) {
  return std::to_string(g.failures) + " " + std::to_string(g.retry_at_ms);
}

PinGuard decode_pin_guard(const std::string& text, std::int64_t wall_ms, const PinRules& rules) {
  std::istringstream in(text);
  PinGuard g;
  std::string rest;
  if (!(in >> g.failures >> g.retry_at_ms) || (in >> rest) || g.failures < 0)
    return PinGuard{rules.failures_before_lock, wall_ms + rules.lock_ms};
  return g;
}

}  // namespace hymy::kiosk
