// ISO 8601 formatting over <chrono>'s civil calendar (no time_t, so any year 1..9999 works).
#include "export/iso_time.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace hymy::hq {
namespace {

std::string format(std::int64_t shown_ms, bool with_millis, const char* suffix) {
  using namespace std::chrono;
  const sys_time<milliseconds> t{milliseconds{shown_ms}};
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss<milliseconds> time{t - day};
  char buf[64];
  if (with_millis) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03d%s", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), static_cast<int>(time.hours().count()),
                  static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()),
                  static_cast<int>(time.subseconds().count()), suffix);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%s", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), static_cast<int>(time.hours().count()),
                  static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()),
                  suffix);
  }
  return buf;
}

}  // namespace

std::string iso_utc(std::int64_t utc_ms) { return format(utc_ms, true, "Z"); }

std::string iso_local(std::int64_t utc_ms, int utc_offset_min) {
  char offset[16];
  const int magnitude = std::abs(utc_offset_min);
  std::snprintf(offset, sizeof offset, "%c%02d:%02d", utc_offset_min < 0 ? '-' : '+',
                magnitude / 60, magnitude % 60);
  return format(utc_ms + std::int64_t{utc_offset_min} * 60'000, false, offset);
}

}  // namespace hymy::hq
