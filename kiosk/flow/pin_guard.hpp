// The rules against guessing the staff PIN: after each wrong PIN a growing wait (1, 2, 4, 8 s),
// after the 5th a lock of several minutes, and again after every further wrong PIN until a right
// one. The guard is kept in the database (wall-clock times, so it survives a restart); the PIN
// pad reads it, the storage thread writes it.
#pragma once

#include <cstdint>
#include <string>

namespace hymy::kiosk {

struct PinRules {
  int failures_before_lock = 5;
  std::int64_t first_delay_ms = 1'000;  // doubles with each wrong PIN before the lock
  std::int64_t lock_ms = 5 * 60'000;
};

struct PinGuard {
  int failures = 0;             // wrong PINs since the last right one
  std::int64_t retry_at_ms = 0; // UTC wall clock; no PIN is checked before this
  bool operator==(const PinGuard&) const = default;
};

// How long the pad must wait after `failures` wrong PINs (0 for none).
std::int64_t pin_delay_ms(int failures, const PinRules& rules);
// The guard after one more wrong PIN at `wall_ms`.
PinGuard after_wrong_pin(const PinGuard& g, std::int64_t wall_ms, const PinRules& rules);
// Milliseconds until a PIN may be tried. A clock set back never makes the wait longer than the
// rules allow.
std::int64_t pin_wait_ms(const PinGuard& g, std::int64_t wall_ms, const PinRules& rules);
bool pin_locked(const PinGuard& g, std::int64_t wall_ms, const PinRules& rules);

// Stored as "<failures> <retry_at_ms>". Anything unreadable counts as a fresh lock from
// `wall_ms`: a damaged record must never unlock the pad.
std::string encode_pin_guard(const PinGuard& g);
PinGuard decode_pin_guard(const std::string& text, std::int64_t wall_ms, const PinRules& rules);

}  // namespace hymy::kiosk
