// The kiosk's clock (see clock.hpp).
#include "app/clock.hpp"

#include <chrono>

#include "hymy/clock.hpp"

namespace hymy::kiosk {

std::int64_t Clock::real_mono_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

Clock::Clock(const TimeZone& zone, bool manual)
    : zone_(zone), manual_(manual), base_mono_ms_(real_mono_ms()), base_wall_ms_(hymy::now_ms()) {}

Now Clock::now() const {
  Now n;
  if (manual_) {
    n.mono_ms = base_mono_ms_ + offset_ms_;
    n.wall_ms = base_wall_ms_ + offset_ms_;
  } else {
    n.mono_ms = real_mono_ms() + offset_ms_;
    n.wall_ms = hymy::now_ms() + offset_ms_;
  }
  n.utc_offset_min = zone_.utc_offset_minutes(n.wall_ms);
  n.weekday = zone_.weekday_of(n.wall_ms);
  n.minute_of_day = zone_.minute_of_day(n.wall_ms);
  return n;
}

}  // namespace hymy::kiosk
