// Hymy's figures: headline count, distribution, mean, share positive and hourly profile of a
// local-time period, compared with the period before and the same weekday a week earlier.
#include "hymy/figures.hpp"

#include <algorithm>
#include <stdexcept>
#include <tuple>

namespace hymy {
namespace {

bool rating_ok(int rating) { return rating >= kMinRating && rating <= kMaxRating; }

// Ratings outside 1..4 would index past the distribution and drag the mean off the scale, and a
// time TimeZone cannot convert has no local hour; such answers are skipped (and counted in
// Summary::skipped) rather than trusted.
bool placeable(const RatedAnswer& a) {
  return rating_ok(a.rating) && TimeZone::supports(a.answered_at_ms);
}

}  // namespace

Summary summarize(const std::vector<RatedAnswer>& answers, const TimeZone& zone) {
  Summary s;
  std::int64_t sum = 0;
  for (const RatedAnswer& a : answers) {
    if (!placeable(a)) {
      ++s.skipped;
      continue;
    }
    // Flagged before staff: see Summary.
    if (a.flags != kFlagNone) {
      ++s.flagged;
      continue;
    }
    if (a.channel == Channel::staff) {
      ++s.staff_recorded;
      continue;
    }
    ++s.count;
    sum += a.rating;
    ++s.distribution[static_cast<std::size_t>(a.rating - kMinRating)];
    ++s.hourly[static_cast<std::size_t>(zone.hour_of(a.answered_at_ms))];
  }
  if (s.count > 0) {
    const auto n = static_cast<double>(s.count);
    s.mean = static_cast<double>(sum) / n;
    s.share_positive = static_cast<double>(s.distribution[2] + s.distribution[3]) / n;
  }
  return s;
}

namespace {

std::vector<RatedAnswer> fetch(const AnswerSource& source, const TimeZone& zone, LocalDate first,
                               int days) {
  const UtcRange r = zone.days(first, days);
  std::vector<RatedAnswer> answers = source(r.from_ms, r.to_ms);
  std::erase_if(answers, [&](const RatedAnswer& a) {
    return a.answered_at_ms < r.from_ms || a.answered_at_ms >= r.to_ms;
  });
  return answers;
}

std::vector<Comment> comments_of(const std::vector<RatedAnswer>& answers) {
  std::vector<Comment> out;
  for (const RatedAnswer& a : answers) {
    // All comments, whatever the rating, channel or flags: the positive ones usually vanish and
    // managers asked to see them. Only unplaceable answers are left out, as in the figures.
    if (!a.comment || a.comment->empty() || !placeable(a)) continue;
    out.push_back(Comment{a.id, a.question_id, a.answered_at_ms, a.rating, a.channel, *a.comment,
                          a.flags});
  }
  // Newest first; equal times by id (UUIDv7 is time-ordered) so the order is always the same.
  std::sort(out.begin(), out.end(), [](const Comment& x, const Comment& y) {
    return std::tie(y.answered_at_ms, y.response_id) < std::tie(x.answered_at_ms, x.response_id);
  });
  return out;
}

}  // namespace

Figures compute_figures(const AnswerSource& source, LocalDate first_day, int days,
                        const TimeZone& zone) {
  if (!source) throw std::invalid_argument("compute_figures: no answer source given");
  if (days < 1) {
    throw std::invalid_argument("compute_figures: a period needs 1 or more days, got " +
                                std::to_string(days));
  }
  Figures f;
  f.first_day = first_day;
  f.days = days;
  const std::vector<RatedAnswer> current = fetch(source, zone, first_day, days);
  f.current = summarize(current, zone);
  f.comments = comments_of(current);
  f.previous = summarize(fetch(source, zone, first_day.plus_days(-days), days), zone);
  if (days == 1) {
    f.same_weekday_last_week = summarize(fetch(source, zone, first_day.plus_days(-7), 1), zone);
  }
  return f;
}

}  // namespace hymy
