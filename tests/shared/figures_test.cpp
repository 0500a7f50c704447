// Tests of the figures definition: headline figures, flagged and staff answers counted apart,
// invalid ratings skipped, comparison periods, comments, and local-midnight day boundaries
// (including Helsinki's 23- and 25-hour DST days). Expected values are worked out by hand from
// the small data sets below.
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "hymy/figures.hpp"

namespace hymy {
namespace {

// UTC milliseconds of a UTC calendar time (<chrono>'s calendar, no time zones involved).
std::int64_t utc_ms(int y, unsigned mo, unsigned d, int h = 0, int mi = 0) {
  const std::chrono::sys_days day{std::chrono::year{y} / std::chrono::month{mo} /
                                  std::chrono::day{d}};
  const auto t = day + std::chrono::hours{h} + std::chrono::minutes{mi};
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

RatedAnswer answer(std::string id, std::int64_t at, int rating, std::uint32_t flags = kFlagNone,
                   Channel channel = Channel::kiosk,
                   std::optional<std::string> comment = std::nullopt) {
  RatedAnswer a;
  a.id = std::move(id);
  a.question_id = "q1";
  a.answered_at_ms = at;
  a.rating = rating;
  a.flags = flags;
  a.channel = channel;
  a.comment = std::move(comment);
  return a;
}

// Stands in for a store: returns the answers in [from, to), and remembers what was asked.
struct FakeSource {
  std::vector<RatedAnswer> answers;
  std::vector<std::pair<std::int64_t, std::int64_t>> asked;

  AnswerSource source() {
    return [this](std::int64_t from, std::int64_t to) {
      asked.emplace_back(from, to);
      std::vector<RatedAnswer> out;
      for (const RatedAnswer& a : answers) {
        if (a.answered_at_ms >= from && a.answered_at_ms < to) out.push_back(a);
      }
      return out;
    };
  }
};

std::int64_t sum(const std::array<std::int64_t, 24>& hourly) {
  std::int64_t s = 0;
  for (const std::int64_t h : hourly) s += h;
  return s;
}

class FiguresTest : public ::testing::Test {
 protected:
  TimeZone helsinki{"Europe/Helsinki"};
};

// Tuesday 2026-02-10 in Helsinki, UTC+2 all day: local hh:mm is UTC (hh-2):mm.
TEST_F(FiguresTest, OrdinaryDayHeadlinePreviousDayAndSameWeekdayLastWeek) {
  FakeSource store;
  store.answers = {
      // The day itself.
      answer("a1", utc_ms(2026, 2, 10, 6, 15), 4, kFlagNone, Channel::kiosk, "Great staff"),
      answer("a2", utc_ms(2026, 2, 10, 6, 40), 3),
      answer("a3", utc_ms(2026, 2, 10, 12, 5), 1, kFlagNone, Channel::kiosk, "Long wait"),
      answer("a4", utc_ms(2026, 2, 10, 21, 30), 4),  // 23:30 local
      answer("f1", utc_ms(2026, 2, 10, 6, 16), 4, kFlagRapidRepeat, Channel::kiosk, "again"),
      answer("s1", utc_ms(2026, 2, 10, 8, 0), 2, kFlagNone, Channel::staff, "Recorded by phone"),
      answer("fs", utc_ms(2026, 2, 10, 9, 0), 1, kFlagClockSkew, Channel::staff),
      // Monday 2026-02-09, the previous day: 07:00 and 23:59 local.
      answer("p1", utc_ms(2026, 2, 9, 5, 0), 3),
      answer("p2", utc_ms(2026, 2, 9, 21, 59), 2, kFlagNone, Channel::kiosk, "Yesterday"),
      // Tuesday 2026-02-03, a week earlier, 12:00 local.
      answer("w1", utc_ms(2026, 2, 3, 10, 0), 4),
      // 00:00 local on Wednesday the 11th: the next day, in none of the periods.
      answer("n1", utc_ms(2026, 2, 10, 22, 0), 1, kFlagNone, Channel::kiosk, "Tomorrow"),
  };
  const Figures f = compute_figures(store.source(), LocalDate{2026, 2, 10}, 1, helsinki);

  EXPECT_EQ(f.first_day, (LocalDate{2026, 2, 10}));
  EXPECT_EQ(f.days, 1);
  // Headline: a1..a4 = 4, 3, 1, 4.
  EXPECT_EQ(f.current.count, 4);
  EXPECT_EQ(f.current.distribution, (std::array<std::int64_t, 4>{1, 0, 1, 2}));
  ASSERT_TRUE(f.current.mean.has_value());
  EXPECT_DOUBLE_EQ(*f.current.mean, 12.0 / 4.0);
  ASSERT_TRUE(f.current.share_positive.has_value());
  EXPECT_DOUBLE_EQ(*f.current.share_positive, 0.75);
  EXPECT_EQ(f.current.hourly[8], 2);   // 08:15, 08:40
  EXPECT_EQ(f.current.hourly[14], 1);  // 14:05
  EXPECT_EQ(f.current.hourly[23], 1);  // 23:30
  EXPECT_EQ(sum(f.current.hourly), 4);
  // f1 flagged; fs flagged and staff, counted as flagged only; s1 staff.
  EXPECT_EQ(f.current.flagged, 2);
  EXPECT_EQ(f.current.staff_recorded, 1);
  EXPECT_EQ(f.current.skipped, 0);

  // Previous day: 3 and 2.
  EXPECT_EQ(f.previous.count, 2);
  EXPECT_EQ(f.previous.distribution, (std::array<std::int64_t, 4>{0, 1, 1, 0}));
  EXPECT_DOUBLE_EQ(f.previous.mean.value(), 2.5);
  EXPECT_DOUBLE_EQ(f.previous.share_positive.value(), 0.5);
  EXPECT_EQ(f.previous.hourly[7], 1);
  EXPECT_EQ(f.previous.hourly[23], 1);

  ASSERT_TRUE(f.same_weekday_last_week.has_value());
  EXPECT_EQ(f.same_weekday_last_week->count, 1);
  EXPECT_DOUBLE_EQ(f.same_weekday_last_week->mean.value(), 4.0);
  EXPECT_EQ(f.same_weekday_last_week->hourly[12], 1);

  // Comments of the day only, newest first, positive, flagged and staff ones included.
  ASSERT_EQ(f.comments.size(), 4u);
  EXPECT_EQ(f.comments[0].response_id, "a3");
  EXPECT_EQ(f.comments[0].text, "Long wait");
  EXPECT_EQ(f.comments[0].rating, 1);
  EXPECT_EQ(f.comments[1].response_id, "s1");
  EXPECT_EQ(f.comments[1].channel, Channel::staff);
  EXPECT_EQ(f.comments[2].response_id, "f1");
  EXPECT_EQ(f.comments[2].flags, static_cast<std::uint32_t>(kFlagRapidRepeat));
  EXPECT_EQ(f.comments[3].response_id, "a1");
  EXPECT_EQ(f.comments[3].rating, 4);
  EXPECT_EQ(f.comments[3].question_id, "q1");
  EXPECT_EQ(f.comments[3].answered_at_ms, utc_ms(2026, 2, 10, 6, 15));

  // The source was asked for local midnight to local midnight of each day.
  const std::vector<std::pair<std::int64_t, std::int64_t>> expected_asks = {
      {utc_ms(2026, 2, 9, 22), utc_ms(2026, 2, 10, 22)},
      {utc_ms(2026, 2, 8, 22), utc_ms(2026, 2, 9, 22)},
      {utc_ms(2026, 2, 2, 22), utc_ms(2026, 2, 3, 22)},
  };
  EXPECT_EQ(store.asked, expected_asks);
}

TEST_F(FiguresTest, EmptyPeriodHasCountZeroAndNoMean) {
  FakeSource store;
  store.answers = {answer("old", utc_ms(2026, 1, 5, 10), 4)};
  const Figures f = compute_figures(store.source(), LocalDate{2026, 2, 10}, 1, helsinki);
  EXPECT_EQ(f.current.count, 0);
  EXPECT_FALSE(f.current.mean.has_value());
  EXPECT_FALSE(f.current.share_positive.has_value());
  EXPECT_EQ(f.current.distribution, (std::array<std::int64_t, 4>{}));
  EXPECT_EQ(sum(f.current.hourly), 0);
  EXPECT_EQ(f.current.flagged, 0);
  EXPECT_EQ(f.current.staff_recorded, 0);
  EXPECT_TRUE(f.comments.empty());
  EXPECT_EQ(f.previous.count, 0);
  ASSERT_TRUE(f.same_weekday_last_week.has_value());
  EXPECT_EQ(f.same_weekday_last_week->count, 0);
}

TEST_F(FiguresTest, OnlyFlaggedAndStaffAnswersLeaveTheHeadlineEmpty) {
  const Summary s = summarize(
      {answer("f", utc_ms(2026, 2, 10, 10), 4, kFlagRapidRepeat),
       answer("s", utc_ms(2026, 2, 10, 10), 3, kFlagNone, Channel::staff),
       answer("fs", utc_ms(2026, 2, 10, 10), 2, kFlagRapidRepeat | kFlagClockSkew,
              Channel::staff)},
      helsinki);
  EXPECT_EQ(s.count, 0);
  EXPECT_FALSE(s.mean.has_value());
  EXPECT_EQ(s.flagged, 2);
  EXPECT_EQ(s.staff_recorded, 1);
  EXPECT_EQ(sum(s.hourly), 0);
}

TEST_F(FiguresTest, SpringForwardDayIs23HoursFromLocalMidnight) {
  // 2026-03-29: +2 until 01:00 UTC, +3 after.
  FakeSource store;
  store.answers = {
      answer("eve", utc_ms(2026, 3, 28, 21, 30), 2),      // 23:30 local on the 28th
      answer("early", utc_ms(2026, 3, 28, 22, 30), 4),    // 00:30 local on the 29th
      answer("after", utc_ms(2026, 3, 29, 1, 30), 3),     // 04:30 EEST
      answer("late", utc_ms(2026, 3, 29, 20, 30), 1),     // 23:30 EEST
      answer("next", utc_ms(2026, 3, 29, 21, 30), 4),     // 00:30 on the 30th
  };
  const Figures f = compute_figures(store.source(), LocalDate{2026, 3, 29}, 1, helsinki);
  EXPECT_EQ(f.current.count, 3);
  EXPECT_DOUBLE_EQ(f.current.mean.value(), 8.0 / 3.0);
  EXPECT_EQ(f.current.hourly[0], 1);
  EXPECT_EQ(f.current.hourly[4], 1);
  EXPECT_EQ(f.current.hourly[23], 1);
  EXPECT_EQ(sum(f.current.hourly), 3);
  EXPECT_EQ(f.previous.count, 1);
  EXPECT_DOUBLE_EQ(f.previous.mean.value(), 2.0);
  EXPECT_EQ(f.previous.hourly[23], 1);
  ASSERT_FALSE(store.asked.empty());
  EXPECT_EQ(store.asked[0].first, utc_ms(2026, 3, 28, 22));
  EXPECT_EQ(store.asked[0].second, utc_ms(2026, 3, 29, 21));
}

TEST_F(FiguresTest, FallBackDayIs25HoursAndBothThreeOClocksAreHourThree) {
  // 2026-10-25: +3 until 01:00 UTC, +2 after.
  FakeSource store;
  store.answers = {
      answer("eve", utc_ms(2026, 10, 24, 20, 30), 1),     // 23:30 EEST on the 24th
      answer("early", utc_ms(2026, 10, 24, 21, 30), 4),   // 00:30 EEST on the 25th
      answer("first3", utc_ms(2026, 10, 25, 0, 30), 4),   // 03:30 EEST
      answer("second3", utc_ms(2026, 10, 25, 1, 10), 3),  // 03:10 EET
      answer("third3", utc_ms(2026, 10, 25, 1, 30), 2),   // 03:30 EET
      answer("late", utc_ms(2026, 10, 25, 21, 30), 3),    // 23:30 EET
      answer("next", utc_ms(2026, 10, 25, 22, 30), 1),    // 00:30 on the 26th
  };
  const Figures f = compute_figures(store.source(), LocalDate{2026, 10, 25}, 1, helsinki);
  EXPECT_EQ(f.current.count, 5);
  EXPECT_DOUBLE_EQ(f.current.mean.value(), 16.0 / 5.0);
  EXPECT_EQ(f.current.hourly[0], 1);
  EXPECT_EQ(f.current.hourly[3], 3);
  EXPECT_EQ(f.current.hourly[2], 0);
  EXPECT_EQ(f.current.hourly[4], 0);
  EXPECT_EQ(f.current.hourly[23], 1);
  EXPECT_EQ(f.previous.count, 1);
  EXPECT_EQ(f.previous.hourly[23], 1);
  ASSERT_FALSE(store.asked.empty());
  EXPECT_EQ(store.asked[0].first, utc_ms(2026, 10, 24, 21));
  EXPECT_EQ(store.asked[0].second, utc_ms(2026, 10, 25, 22));
}

TEST_F(FiguresTest, WeekPeriodComparesWithThePreviousWeekAndHasNoSameWeekday) {
  // Monday 2026-02-09 .. Sunday 2026-02-15, against 2026-02-02 .. 2026-02-08.
  FakeSource store;
  store.answers = {
      answer("c1", utc_ms(2026, 2, 9, 10), 4),
      answer("c2", utc_ms(2026, 2, 15, 21, 59), 2),   // 23:59 Sunday, last minute of the week
      answer("p1", utc_ms(2026, 2, 8, 21, 59), 1),    // 23:59 on the 8th: previous week
      answer("p2", utc_ms(2026, 2, 1, 22, 0), 3),     // 00:00 on the 2nd: previous week
      answer("x1", utc_ms(2026, 2, 1, 21, 59), 4),    // 23:59 on the 1st: neither
  };
  const Figures f = compute_figures(store.source(), LocalDate{2026, 2, 9}, 7, helsinki);
  EXPECT_EQ(f.days, 7);
  EXPECT_EQ(f.current.count, 2);
  EXPECT_DOUBLE_EQ(f.current.mean.value(), 3.0);
  EXPECT_EQ(f.previous.count, 2);
  EXPECT_DOUBLE_EQ(f.previous.mean.value(), 2.0);
  EXPECT_FALSE(f.same_weekday_last_week.has_value());
  const std::vector<std::pair<std::int64_t, std::int64_t>> expected_asks = {
      {utc_ms(2026, 2, 8, 22), utc_ms(2026, 2, 15, 22)},
      {utc_ms(2026, 2, 1, 22), utc_ms(2026, 2, 8, 22)},
  };
  EXPECT_EQ(store.asked, expected_asks);
}

TEST_F(FiguresTest, UnitInNewYorkCutsDaysDifferentlyFromHelsinki) {
  FakeSource store;
  store.answers = {
      answer("t03", utc_ms(2026, 2, 10, 3), 1),   // Helsinki 05:00 on the 10th, NY 22:00 the 9th
      answer("t23", utc_ms(2026, 2, 10, 23), 4),  // Helsinki 01:00 on the 11th, NY 18:00 the 10th
  };
  const TimeZone new_york("America/New_York");
  const Figures hel = compute_figures(store.source(), LocalDate{2026, 2, 10}, 1, helsinki);
  const Figures ny = compute_figures(store.source(), LocalDate{2026, 2, 10}, 1, new_york);
  EXPECT_EQ(hel.current.count, 1);
  EXPECT_DOUBLE_EQ(hel.current.mean.value(), 1.0);
  EXPECT_EQ(hel.current.hourly[5], 1);
  EXPECT_EQ(ny.current.count, 1);
  EXPECT_DOUBLE_EQ(ny.current.mean.value(), 4.0);
  EXPECT_EQ(ny.current.hourly[18], 1);
  EXPECT_EQ(ny.previous.count, 1);  // t03 is the 9th in New York
  EXPECT_EQ(ny.previous.hourly[22], 1);
}

TEST_F(FiguresTest, RatingsOutsideOneToFourAreSkippedAndCounted) {
  const std::int64_t t = utc_ms(2026, 2, 10, 10);
  const Summary s = summarize(
      {answer("ok", t, 4), answer("zero", t, 0), answer("five", t, 5), answer("neg", t, -3),
       answer("min", t, std::numeric_limits<int>::min()),
       answer("max", t, std::numeric_limits<int>::max(), kFlagRapidRepeat),
       answer("far", std::numeric_limits<std::int64_t>::max(), 3)},
      helsinki);
  EXPECT_EQ(s.count, 1);
  EXPECT_EQ(s.distribution, (std::array<std::int64_t, 4>{0, 0, 0, 1}));
  EXPECT_DOUBLE_EQ(s.mean.value(), 4.0);
  EXPECT_EQ(s.skipped, 6);
  EXPECT_EQ(s.flagged, 0);  // the flagged one had an impossible rating: skipped, not flagged
  EXPECT_EQ(sum(s.hourly), 1);
}

TEST_F(FiguresTest, AnswersOutsideTheAskedRangeAreIgnored) {
  // A careless source that returns everything it has, whatever the range.
  const std::vector<RatedAnswer> all = {
      answer("in", utc_ms(2026, 2, 10, 10), 2, kFlagNone, Channel::kiosk, "inside"),
      answer("before", utc_ms(2026, 2, 9, 21, 59), 4, kFlagNone, Channel::kiosk, "before"),
      answer("at_end", utc_ms(2026, 2, 10, 22), 4, kFlagNone, Channel::kiosk, "at end"),
  };
  const AnswerSource everything = [&all](std::int64_t, std::int64_t) { return all; };
  const Figures f = compute_figures(everything, LocalDate{2026, 2, 10}, 1, helsinki);
  EXPECT_EQ(f.current.count, 1);
  EXPECT_DOUBLE_EQ(f.current.mean.value(), 2.0);
  ASSERT_EQ(f.comments.size(), 1u);
  EXPECT_EQ(f.comments[0].response_id, "in");
  EXPECT_EQ(f.previous.count, 1);  // "before" is 23:59 on the 9th
}

TEST_F(FiguresTest, CommentsAtTheSameMomentAreOrderedById) {
  const std::int64_t t = utc_ms(2026, 2, 10, 10);
  FakeSource store;
  store.answers = {
      answer("0190-a", t, 3, kFlagNone, Channel::kiosk, "first id"),
      answer("0190-b", t, 3, kFlagNone, Channel::kiosk, "second id"),
      answer("empty", t, 3, kFlagNone, Channel::kiosk, ""),
      answer("bad", t, 9, kFlagNone, Channel::kiosk, "impossible rating"),
  };
  const Figures f = compute_figures(store.source(), LocalDate{2026, 2, 10}, 1, helsinki);
  ASSERT_EQ(f.comments.size(), 2u);
  EXPECT_EQ(f.comments[0].response_id, "0190-b");
  EXPECT_EQ(f.comments[1].response_id, "0190-a");
  EXPECT_EQ(f.current.skipped, 1);
}

TEST_F(FiguresTest, BadPeriodOrSourceIsRefused) {
  FakeSource store;
  EXPECT_THROW(compute_figures(store.source(), LocalDate{2026, 2, 10}, 0, helsinki),
               std::invalid_argument);
  EXPECT_THROW(compute_figures(store.source(), LocalDate{2026, 2, 30}, 1, helsinki),
               std::invalid_argument);
  EXPECT_THROW(compute_figures(AnswerSource{}, LocalDate{2026, 2, 10}, 1, helsinki),
               std::invalid_argument);
  EXPECT_TRUE(store.asked.empty());
}

}  // namespace
}  // namespace hymy
