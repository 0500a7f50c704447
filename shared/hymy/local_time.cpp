// Local calendar dates and day boundaries in IANA time zones, on Howard Hinnant's date library
// (GCC 12's <chrono> has no time zones). The zone data is the system's tzdata, read at first use.
#include "hymy/local_time.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace hymy {
namespace {

using Ms = std::chrono::milliseconds;

// The instants TimeZone accepts: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999Z. Outside it
// adding a zone offset could overflow, and no real answer lies there.
constexpr std::int64_t kMinMs = -62135596800000;
constexpr std::int64_t kMaxMs = 253402300799999;

date::year_month_day to_ymd(const LocalDate& d) {
  return date::year{d.year} / date::month{d.month} / date::day{d.day};
}

LocalDate from_ymd(const date::year_month_day& ymd) {
  return LocalDate{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                   static_cast<unsigned>(ymd.day())};
}

// LocalDate is a plain struct that callers may fill by hand; arithmetic on an impossible date
// would silently roll over, so every entry point checks first.
date::sys_days checked_days(const LocalDate& d) {
  if (!d.ok()) {
    throw std::invalid_argument("invalid local date " + std::to_string(d.year) + "-" +
                                std::to_string(d.month) + "-" + std::to_string(d.day) +
                                " (expected a real calendar date in years 1..9999)");
  }
  return date::sys_days{to_ymd(d)};
}

date::sys_time<Ms> checked_instant(std::int64_t utc_ms) {
  if (!TimeZone::supports(utc_ms)) {
    throw std::out_of_range("time " + std::to_string(utc_ms) +
                            " ms is outside years 1..9999 UTC");
  }
  return date::sys_time<Ms>{Ms{utc_ms}};
}

bool digits(const std::string& s, std::size_t from, std::size_t n) {
  for (std::size_t i = from; i < from + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

unsigned number(const std::string& s, std::size_t from, std::size_t n) {
  unsigned v = 0;
  for (std::size_t i = from; i < from + n; ++i) v = v * 10 + static_cast<unsigned>(s[i] - '0');
  return v;
}

}  // namespace

bool LocalDate::ok() const {
  return year >= 1 && year <= 9999 && to_ymd(*this).ok();
}

std::optional<LocalDate> LocalDate::parse(const std::string& iso) {
  // Exactly "YYYY-MM-DD": a lenient parse would let "2026-1-5" or "2026-02-30" through and
  // quietly select some other day's figures.
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-' || !digits(iso, 0, 4) ||
      !digits(iso, 5, 2) || !digits(iso, 8, 2)) {
    return std::nullopt;
  }
  LocalDate d{static_cast<int>(number(iso, 0, 4)), number(iso, 5, 2), number(iso, 8, 2)};
  if (!d.ok()) return std::nullopt;
  return d;
}

std::string LocalDate::iso() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year, month, day);
  return buf;
}

LocalDate LocalDate::plus_days(int n) const {
  // Checked in 64 bits before converting back: date's day count is an int and its year a short,
  // so a far step would overflow, or wrap around into a wrong date that still looks valid.
  static const std::int64_t first = date::sys_days{date::year{1} / 1 / 1}.time_since_epoch().count();
  static const std::int64_t last =
      date::sys_days{date::year{9999} / 12 / 31}.time_since_epoch().count();
  const std::int64_t target = checked_days(*this).time_since_epoch().count() + std::int64_t{n};
  if (target < first || target > last) {
    throw std::out_of_range(iso() + " plus " + std::to_string(n) +
                            " days is outside years 1..9999");
  }
  return from_ymd(date::year_month_day{date::sys_days{date::days{static_cast<int>(target)}}});
}

int LocalDate::weekday() const {
  // iso_encoding: Monday = 1 .. Sunday = 7.
  return static_cast<int>(date::weekday{checked_days(*this)}.iso_encoding()) - 1;
}

bool TimeZone::supports(std::int64_t utc_ms) { return utc_ms >= kMinMs && utc_ms <= kMaxMs; }

TimeZone::TimeZone(const std::string& name) : name_(name), zone_(nullptr) {
  // Load the database on its own first, so that a missing tzdata reads as what it is and not as
  // "unknown time zone".
  try {
    (void)date::get_tzdb();
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("cannot read the time zone database: ") + e.what());
  }
  try {
    zone_ = date::locate_zone(name);
  } catch (const std::exception&) {
    // date throws a plain runtime_error; callers validating configuration expect invalid_argument.
    throw std::invalid_argument("unknown time zone '" + name + "'");
  }
}

namespace {
const date::time_zone& zone_of(const void* p) { return *static_cast<const date::time_zone*>(p); }

date::local_time<Ms> local_of(const void* zone, std::int64_t utc_ms) {
  return zone_of(zone).to_local(checked_instant(utc_ms));
}
}  // namespace

UtcRange TimeZone::days(LocalDate first, int days) const {
  if (days < 0) {
    throw std::invalid_argument("a period needs 0 or more days, got " + std::to_string(days));
  }
  const date::sys_days start = checked_days(first);
  const LocalDate end_date = first.plus_days(days);
  const date::time_zone& z = zone_of(zone_);
  // earliest: an ambiguous midnight (clocks back over 00:00) starts the day at its first
  // occurrence; a nonexistent one (clocks forward over 00:00) maps to the transition instant, so
  // the day starts at the first local time that exists. Either way every instant belongs to
  // exactly one day and the day ends where the next one starts.
  const auto from = z.to_sys(date::local_days{start.time_since_epoch()}, date::choose::earliest);
  const auto to = z.to_sys(date::local_days{checked_days(end_date).time_since_epoch()},
                           date::choose::earliest);
  return UtcRange{std::chrono::duration_cast<Ms>(from.time_since_epoch()).count(),
                  std::chrono::duration_cast<Ms>(to.time_since_epoch()).count()};
}

LocalDate TimeZone::date_of(std::int64_t utc_ms) const {
  return from_ymd(date::year_month_day{date::floor<date::days>(local_of(zone_, utc_ms))});
}

int TimeZone::minute_of_day(std::int64_t utc_ms) const {
  const auto local = local_of(zone_, utc_ms);
  const auto since_midnight = local - date::floor<date::days>(local);
  return static_cast<int>(date::floor<std::chrono::minutes>(since_midnight).count());
}

int TimeZone::hour_of(std::int64_t utc_ms) const { return minute_of_day(utc_ms) / 60; }

int TimeZone::weekday_of(std::int64_t utc_ms) const {
  const auto day = date::floor<date::days>(local_of(zone_, utc_ms));
  return static_cast<int>(date::weekday{day}.iso_encoding()) - 1;
}

int TimeZone::utc_offset_minutes(std::int64_t utc_ms) const {
  const auto info = zone_of(zone_).get_info(checked_instant(utc_ms));
  return static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(info.offset).count());
}

}  // namespace hymy
