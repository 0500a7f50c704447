// The one definition of Hymy's figures, used by the kiosk's staff screen and by HQ alike.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "hymy/local_time.hpp"
#include "hymy/model.hpp"

namespace hymy {

// What figures need of one stored answer.
struct RatedAnswer {
  std::string id;
  std::string question_id;
  std::int64_t answered_at_ms = 0;
  int rating = 0;
  std::uint32_t flags = kFlagNone;
  Channel channel = Channel::kiosk;
  std::optional<std::string> comment;
};

// Headline figures leave out flagged (e.g. rapid-repeat) and staff-recorded answers; they are
// counted apart so nothing is hidden. Each answer is counted exactly once: an answer both flagged
// and staff-recorded counts as flagged, because the flag says the answer itself is doubtful.
// So count + flagged + staff_recorded + skipped == number of answers given.
struct Summary {
  std::int64_t count = 0;                 // headline answers
  std::array<std::int64_t, 4> distribution{};  // [0] = rating 1 .. [3] = rating 4
  std::optional<double> mean;             // 1..4, none when count == 0
  std::optional<double> share_positive;   // share of 3 and 4, 0..1
  std::array<std::int64_t, 24> hourly{};  // headline answers per local hour
  std::int64_t flagged = 0;
  std::int64_t staff_recorded = 0;
  // Answers that cannot be placed at all: rating outside 1..4 or a time TimeZone cannot handle
  // (stored data should never hold them; counted so a bad row shows instead of vanishing).
  std::int64_t skipped = 0;
};

struct Comment {
  std::string response_id;
  std::string question_id;
  std::int64_t answered_at_ms = 0;
  int rating = 0;
  Channel channel = Channel::kiosk;
  std::string text;
  std::uint32_t flags = kFlagNone;  // shown, not hidden: a reader may want to weigh them
};

struct Figures {
  LocalDate first_day;
  int days = 1;
  Summary current;
  Summary previous;                 // the same number of days just before
  std::optional<Summary> same_weekday_last_week;  // only for one-day periods
  std::vector<Comment> comments;    // newest first, including the positive ones
};

// Fetches the answers whose answered_at_ms lies in [from_ms, to_ms).
using AnswerSource = std::function<std::vector<RatedAnswer>(std::int64_t from_ms, std::int64_t to_ms)>;

// Figures of exactly these answers; the hourly profile uses the local hour in `zone`.
Summary summarize(const std::vector<RatedAnswer>& answers, const TimeZone& zone);
// `days` >= 1 local days from `first_day`; throws std::invalid_argument otherwise or when
// `source` is empty. Answers the source returns outside the asked range are ignored, so a
// source's off-by-one can never move answers into another day's figures.
Figures compute_figures(const AnswerSource& source, LocalDate first_day, int days,
                        const TimeZone& zone);

}  // namespace hymy
