// The kiosk's sense of time: monotonic for timers, wall clock for answers, local time for
// schedules. Scripted runs use a manual clock that only moves when the script says so, which
// makes timeouts testable without waiting for them.
#pragma once

#include <cstdint>

#include "flow/intent.hpp"
#include "hymy/local_time.hpp"

namespace hymy::kiosk {

class Clock {
 public:
  Clock(const TimeZone& zone, bool manual);
  Now now() const;
  void advance(std::int64_t ms) { offset_ms_ += ms; }
  bool manual() const { return manual_; }
  // Real monotonic milliseconds, whatever the mode (frame timing, benchmarks).
  static std::int64_t real_mono_ms();

 private:
  const TimeZone& zone_;
  bool manual_;
  std::int64_t base_mono_ms_;
  std::int64_t base_wall_ms_;
  std::int64_t offset_ms_ = 0;
};

}  // namespace hymy::kiosk
