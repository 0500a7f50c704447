// Tests of local dates and day boundaries: ordinary days, DST change days in Helsinki, zones whose
// DST change falls on midnight, other zones, and rejection of bad dates and zone names.
// Expected instants are written by hand and turned into milliseconds with <chrono>'s calendar,
// which knows nothing of time zones, so no expectation comes from the code under test.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "hymy/local_time.hpp"

namespace hymy {
namespace {

constexpr std::int64_t kHourMs = 3'600'000;

// UTC milliseconds of a UTC calendar time.
std::int64_t utc_ms(int y, unsigned mo, unsigned d, int h = 0, int mi = 0) {
  const std::chrono::sys_days day{std::chrono::year{y} / std::chrono::month{mo} /
                                  std::chrono::day{d}};
  const auto t = day + std::chrono::hours{h} + std::chrono::minutes{mi};
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TEST(LocalTimeHelper, UtcMsIsAnchored) {
  // 2026-01-01T00:00:00Z, from `date -u -d 2026-01-01 +%s`.
  EXPECT_EQ(utc_ms(2026, 1, 1), 1'767'225'600'000);
}

TEST(LocalTimeDate, ParseAcceptsRealDates) {
  const auto d = LocalDate::parse("2026-03-29");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->year, 2026);
  EXPECT_EQ(d->month, 3u);
  EXPECT_EQ(d->day, 29u);
  EXPECT_EQ(d->iso(), "2026-03-29");
  EXPECT_TRUE(LocalDate::parse("2024-02-29").has_value());  // leap year
  EXPECT_EQ(LocalDate::parse("0001-01-01")->iso(), "0001-01-01");
}

TEST(LocalTimeDate, ParseRejectsMalformedAndImpossibleDates) {
  for (const char* bad : {"2026-02-30", "2026-1-5", "x", "", "2025-02-29", "2026-13-01",
                          "2026-00-10", "2026-04-31", "2026-04-00", "0000-01-01", " 2026-02-01",
                          "2026-02-01 ", "2026/02/01", "2026-02-1x", "+026-02-01", "20260-2-01"}) {
    EXPECT_FALSE(LocalDate::parse(bad).has_value()) << "accepted '" << bad << "'";
  }
}

TEST(LocalTimeDate, PlusDaysCrossesMonthsAndYears) {
  EXPECT_EQ((LocalDate{2026, 12, 31}.plus_days(1)), (LocalDate{2027, 1, 1}));
  EXPECT_EQ((LocalDate{2026, 3, 1}.plus_days(-1)), (LocalDate{2026, 2, 28}));
  EXPECT_EQ((LocalDate{2024, 3, 1}.plus_days(-1)), (LocalDate{2024, 2, 29}));
  EXPECT_EQ((LocalDate{2026, 2, 10}.plus_days(-7)), (LocalDate{2026, 2, 3}));
  EXPECT_EQ((LocalDate{2026, 2, 10}.plus_days(0)), (LocalDate{2026, 2, 10}));
}

TEST(LocalTimeDate, WeekdayStartsOnMonday) {
  EXPECT_EQ((LocalDate{2026, 2, 9}.weekday()), 0);   // Monday
  EXPECT_EQ((LocalDate{2026, 2, 10}.weekday()), 1);  // Tuesday
  EXPECT_EQ((LocalDate{2026, 3, 29}.weekday()), 6);  // Sunday
  EXPECT_EQ((LocalDate{1970, 1, 1}.weekday()), 3);   // Thursday
}

TEST(LocalTimeDate, ImpossibleDateIsRefusedNotRolledOver) {
  EXPECT_FALSE((LocalDate{2026, 2, 30}.ok()));
  EXPECT_TRUE((LocalDate{2026, 2, 28}.ok()));
  EXPECT_THROW((LocalDate{2026, 2, 30}.plus_days(1)), std::invalid_argument);
  EXPECT_THROW((LocalDate{2026, 13, 1}.weekday()), std::invalid_argument);
  const TimeZone helsinki("Europe/Helsinki");
  EXPECT_THROW(helsinki.days(LocalDate{2026, 2, 30}, 1), std::invalid_argument);
  EXPECT_THROW(helsinki.days(LocalDate{2026, 2, 10}, -1), std::invalid_argument);
  EXPECT_THROW((LocalDate{9999, 12, 31}.plus_days(1)), std::out_of_range);
}

TEST(LocalTimeZone, UnknownZoneThrowsWithItsName) {
  try {
    TimeZone zone("Mars/Olympus_Mons");
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "unknown time zone 'Mars/Olympus_Mons'");
  }
  EXPECT_THROW(TimeZone(""), std::invalid_argument);
  EXPECT_THROW(TimeZone("../../etc/passwd"), std::invalid_argument);
  EXPECT_EQ(TimeZone("Europe/Helsinki").name(), "Europe/Helsinki");
}

TEST(LocalTimeZone, OrdinaryWinterDayInHelsinkiIs24HoursFromUtcPlus2) {
  const TimeZone helsinki("Europe/Helsinki");
  const UtcRange r = helsinki.days(LocalDate{2026, 2, 10}, 1);
  EXPECT_EQ(r.from_ms, utc_ms(2026, 2, 9, 22));
  EXPECT_EQ(r.to_ms, utc_ms(2026, 2, 10, 22));
  EXPECT_EQ(helsinki.utc_offset_minutes(utc_ms(2026, 2, 10, 12)), 120);
  // An empty period is an empty range at midnight.
  const UtcRange none = helsinki.days(LocalDate{2026, 2, 10}, 0);
  EXPECT_EQ(none.from_ms, r.from_ms);
  EXPECT_EQ(none.to_ms, r.from_ms);
}

TEST(LocalTimeZone, SpringForwardDayInHelsinkiIs23Hours) {
  // 2026-03-29: clocks go from 03:00 EET (+2) to 04:00 EEST (+3), at 01:00 UTC.
  const TimeZone helsinki("Europe/Helsinki");
  const UtcRange r = helsinki.days(LocalDate{2026, 3, 29}, 1);
  EXPECT_EQ(r.from_ms, utc_ms(2026, 3, 28, 22));
  EXPECT_EQ(r.to_ms, utc_ms(2026, 3, 29, 21));
  EXPECT_EQ(r.to_ms - r.from_ms, 23 * kHourMs);

  // 23:30 local the evening before, and 00:30 local on the day.
  EXPECT_EQ(helsinki.date_of(utc_ms(2026, 3, 28, 21, 30)), (LocalDate{2026, 3, 28}));
  EXPECT_EQ(helsinki.minute_of_day(utc_ms(2026, 3, 28, 21, 30)), 23 * 60 + 30);
  EXPECT_EQ(helsinki.date_of(utc_ms(2026, 3, 28, 22, 30)), (LocalDate{2026, 3, 29}));
  EXPECT_EQ(helsinki.hour_of(utc_ms(2026, 3, 28, 22, 30)), 0);
  // The skipped hour: 00:59 UTC is 02:59 EET, 01:00 UTC is 04:00 EEST.
  EXPECT_EQ(helsinki.hour_of(utc_ms(2026, 3, 29, 0, 59)), 2);
  EXPECT_EQ(helsinki.hour_of(utc_ms(2026, 3, 29, 1, 0)), 4);
  EXPECT_EQ(helsinki.utc_offset_minutes(utc_ms(2026, 3, 29, 0, 59)), 120);
  EXPECT_EQ(helsinki.utc_offset_minutes(utc_ms(2026, 3, 29, 1, 0)), 180);
  // The day's last millisecond and the next day's first.
  EXPECT_EQ(helsinki.date_of(r.to_ms - 1), (LocalDate{2026, 3, 29}));
  EXPECT_EQ(helsinki.date_of(r.to_ms), (LocalDate{2026, 3, 30}));
  EXPECT_EQ(helsinki.weekday_of(r.to_ms - 1), 6);  // Sunday
}

TEST(LocalTimeZone, FallBackDayInHelsinkiIs25Hours) {
  // 2026-10-25: clocks go from 04:00 EEST (+3) back to 03:00 EET (+2), at 01:00 UTC.
  const TimeZone helsinki("Europe/Helsinki");
  const UtcRange r = helsinki.days(LocalDate{2026, 10, 25}, 1);
  EXPECT_EQ(r.from_ms, utc_ms(2026, 10, 24, 21));
  EXPECT_EQ(r.to_ms, utc_ms(2026, 10, 25, 22));
  EXPECT_EQ(r.to_ms - r.from_ms, 25 * kHourMs);

  EXPECT_EQ(helsinki.date_of(utc_ms(2026, 10, 24, 20, 30)), (LocalDate{2026, 10, 24}));  // 23:30
  EXPECT_EQ(helsinki.date_of(utc_ms(2026, 10, 24, 21, 30)), (LocalDate{2026, 10, 25}));  // 00:30
  // 03:30 happens twice, once in each offset; both are hour 3.
  EXPECT_EQ(helsinki.hour_of(utc_ms(2026, 10, 25, 0, 30)), 3);
  EXPECT_EQ(helsinki.hour_of(utc_ms(2026, 10, 25, 1, 30)), 3);
  EXPECT_EQ(helsinki.minute_of_day(utc_ms(2026, 10, 25, 0, 30)), 3 * 60 + 30);
  EXPECT_EQ(helsinki.minute_of_day(utc_ms(2026, 10, 25, 1, 30)), 3 * 60 + 30);
  EXPECT_EQ(helsinki.utc_offset_minutes(utc_ms(2026, 10, 25, 0, 30)), 180);
  EXPECT_EQ(helsinki.utc_offset_minutes(utc_ms(2026, 10, 25, 1, 30)), 120);
}

TEST(LocalTimeZone, MultiDayPeriodSpansTheDstChange) {
  const TimeZone helsinki("Europe/Helsinki");
  const UtcRange r = helsinki.days(LocalDate{2026, 3, 28}, 3);  // 28th, 29th (23 h), 30th
  EXPECT_EQ(r.from_ms, utc_ms(2026, 3, 27, 22));
  EXPECT_EQ(r.to_ms, utc_ms(2026, 3, 30, 21));
  EXPECT_EQ(r.to_ms - r.from_ms, 71 * kHourMs);
}

TEST(LocalTimeZone, NewYorkDiffersFromHelsinki) {
  const TimeZone helsinki("Europe/Helsinki");
  const TimeZone new_york("America/New_York");
  const UtcRange r = new_york.days(LocalDate{2026, 2, 10}, 1);  // EST, UTC-5
  EXPECT_EQ(r.from_ms, utc_ms(2026, 2, 10, 5));
  EXPECT_EQ(r.to_ms, utc_ms(2026, 2, 11, 5));
  EXPECT_NE(r.from_ms, helsinki.days(LocalDate{2026, 2, 10}, 1).from_ms);
  // 03:00 UTC is 05:00 on the 10th in Helsinki but 22:00 on the 9th in New York.
  const std::int64_t t = utc_ms(2026, 2, 10, 3);
  EXPECT_EQ(helsinki.date_of(t), (LocalDate{2026, 2, 10}));
  EXPECT_EQ(helsinki.hour_of(t), 5);
  EXPECT_EQ(new_york.date_of(t), (LocalDate{2026, 2, 9}));
  EXPECT_EQ(new_york.hour_of(t), 22);
  EXPECT_EQ(new_york.weekday_of(t), 0);  // Monday there, Tuesday in Helsinki
  EXPECT_EQ(helsinki.weekday_of(t), 1);
  EXPECT_EQ(new_york.utc_offset_minutes(t), -300);
  // US DST starts on 2026-03-08 at 02:00 local: a 23-hour day there, an ordinary one here.
  const UtcRange us_spring = new_york.days(LocalDate{2026, 3, 8}, 1);
  EXPECT_EQ(us_spring.from_ms, utc_ms(2026, 3, 8, 5));
  EXPECT_EQ(us_spring.to_ms, utc_ms(2026, 3, 9, 4));
}

TEST(LocalTimeZone, NonexistentMidnightStartsTheDayAtTheTransition) {
  // Azores (-1 in winter, +0 in summer) springs forward at 00:00 local on 2026-03-29, at 01:00
  // UTC: local 00:00..00:59 never happens, so the day starts at 01:00 local = 01:00 UTC.
  const TimeZone azores("Atlantic/Azores");
  const UtcRange day = azores.days(LocalDate{2026, 3, 29}, 1);
  EXPECT_EQ(day.from_ms, utc_ms(2026, 3, 29, 1));
  EXPECT_EQ(day.to_ms, utc_ms(2026, 3, 30, 0));
  const UtcRange before = azores.days(LocalDate{2026, 3, 28}, 1);
  EXPECT_EQ(before.from_ms, utc_ms(2026, 3, 28, 1));
  EXPECT_EQ(before.to_ms, day.from_ms);  // no gap, no overlap
  EXPECT_EQ(azores.date_of(day.from_ms - 1), (LocalDate{2026, 3, 28}));
  EXPECT_EQ(azores.date_of(day.from_ms), (LocalDate{2026, 3, 29}));
  EXPECT_EQ(azores.hour_of(day.from_ms), 1);
}

TEST(LocalTimeZone, AmbiguousMidnightStartsTheDayAtItsFirstOccurrence) {
  // Azores falls back at 01:00 local (+0) to 00:00 (-1) on 2026-10-25, at 01:00 UTC: local
  // 00:00..00:59 happens twice and both belong to the 25th, a 25-hour day.
  const TimeZone azores("Atlantic/Azores");
  const UtcRange day = azores.days(LocalDate{2026, 10, 25}, 1);
  EXPECT_EQ(day.from_ms, utc_ms(2026, 10, 25, 0));
  EXPECT_EQ(day.to_ms, utc_ms(2026, 10, 26, 1));
  EXPECT_EQ(azores.days(LocalDate{2026, 10, 24}, 1).to_ms, day.from_ms);
  EXPECT_EQ(azores.date_of(utc_ms(2026, 10, 25, 0, 30)), (LocalDate{2026, 10, 25}));
  EXPECT_EQ(azores.date_of(utc_ms(2026, 10, 25, 1, 30)), (LocalDate{2026, 10, 25}));
  EXPECT_EQ(azores.hour_of(utc_ms(2026, 10, 25, 0, 30)), 0);
  EXPECT_EQ(azores.hour_of(utc_ms(2026, 10, 25, 1, 30)), 0);
}

TEST(LocalTimeZone, InstantsBeforeTheEpochFloorToTheRightDay) {
  const TimeZone utc("Etc/UTC");
  EXPECT_EQ(utc.date_of(-1), (LocalDate{1969, 12, 31}));
  EXPECT_EQ(utc.hour_of(-1), 23);
  EXPECT_EQ(utc.minute_of_day(-1), 23 * 60 + 59);
  EXPECT_EQ(utc.date_of(0), (LocalDate{1970, 1, 1}));
}

TEST(LocalTimeZone, AbsurdInstantsThrowInsteadOfOverflowing) {
  const TimeZone helsinki("Europe/Helsinki");
  EXPECT_FALSE(TimeZone::supports(std::numeric_limits<std::int64_t>::max()));
  EXPECT_FALSE(TimeZone::supports(std::numeric_limits<std::int64_t>::min()));
  EXPECT_TRUE(TimeZone::supports(utc_ms(2026, 1, 1)));
  EXPECT_THROW(helsinki.date_of(std::numeric_limits<std::int64_t>::max()), std::out_of_range);
  EXPECT_THROW(helsinki.hour_of(std::numeric_limits<std::int64_t>::min()), std::out_of_range);
  EXPECT_THROW(helsinki.utc_offset_minutes(std::numeric_limits<std::int64_t>::max()),
               std::out_of_range);
}

}  // namespace
}  // namespace hymy
