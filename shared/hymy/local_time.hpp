// Calendar dates and periods in a unit's local time zone (IANA names, e.g. "Europe/Helsinki").
// A day is local midnight to local midnight, so it is 23 or 25 hours long on DST change days.
// Zone rules come from the system's tzdata; the date library reads only its explicit transitions,
// which end in 2037, so later years keep the offset of the zone's last change in 2037.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace hymy {

struct LocalDate {
  int year = 1970;
  unsigned month = 1;
  unsigned day = 1;

  static std::optional<LocalDate> parse(const std::string& iso);  // exactly "YYYY-MM-DD"
  std::string iso() const;
  // A real calendar date in years 1..9999. plus_days, weekday and TimeZone::days throw
  // std::invalid_argument for a date that is not ok(), std::out_of_range past year 9999.
  bool ok() const;
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
  // Throws std::runtime_error if the time zone database itself cannot be read.
  explicit TimeZone(const std::string& name);
  const std::string& name() const { return name_; }

  // Whether the functions below accept this instant (years 1..9999 UTC); they throw
  // std::out_of_range for others.
  static bool supports(std::int64_t utc_ms);

  // `days` (>= 0) local days starting at local midnight of `first`. Where midnight does not
  // exist (DST starting at 00:00) the day starts at the first local time that does; where it
  // occurs twice, at its first occurrence.
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
