// Calendar dates and periods in a unit's local time zone (IANA names, e.g. "Europe/Helsinki").
// A day is local midnight to local midnight, so it is 23 or 25 hours long on DST change days.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace hymy {

struct LocalDate {
  int year = 1970;
  unsigned month = 1;
  unsigned day = 1;

  static std::optional<LocalDate> parse(const std::string& iso);  // "YYYY-MM-DD"
  std::string iso() const;
  LocalDate plus_days(int n) const;
  int weekday() const;  // 0 = Monday .. 6 = Sunday
  auto operator<=>(const LocalDate&) const = default;
};

// A half-open range [from_ms, to_ms) of UTC milliseconds.
struct UtcRange {
  std::int64_t from_ms = 0;
  std::int64_t to_ms = 0;
};

class TimeZone {
 public:
  // Throws std::invalid_argument naming the zone if it is unknown.
  explicit TimeZone(const std::string& name);
  const std::string& name() const { return name_; }

  // `days` local days starting at local midnight of `first`.
  UtcRange days(LocalDate first, int days) const;
  LocalDate date_of(std::int64_t utc_ms) const;
  int hour_of(std::int64_t utc_ms) const;           // 0..23 local
  int minute_of_day(std::int64_t utc_ms) const;     // 0..1439 local
  int weekday_of(std::int64_t utc_ms) const;        // 0 = Monday
  int utc_offset_minutes(std::int64_t utc_ms) const;

 private:
  std::string name_;
  const void* zone_;  // date::time_zone, kept out of this header
};

}  // namespace hymy
