// The data model shared by kiosk, sync daemon and HQ: units, devices, question sets, responses.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hymy {

// Language codes are plain strings ("fi", "sv", "en") so that adding a language needs no code.
using Language = std::string;
using Texts = std::map<Language, std::string>;

constexpr int kMinRating = 1;
constexpr int kMaxRating = 4;
constexpr std::size_t kMaxCommentChars = 500;  // Unicode code points, not bytes.

struct Unit {
  std::string id;  // slug, e.g. "kuopio-er"
  Texts name;
  std::string time_zone = "Europe/Helsinki";
};

struct Device {
  std::string id;
  std::string unit_id;
};

// When a question asks for a comment after the rating.
struct FollowUp {
  enum class Kind { never, at_most, always };
  Kind kind = Kind::never;
  int threshold = 0;  // with at_most: ask when rating <= threshold

  bool asks_after(int rating) const {
    return kind == Kind::always || (kind == Kind::at_most && rating <= threshold);
  }
  bool operator==(const FollowUp&) const = default;
};

// A weekly window in the unit's local time during which a question is asked.
struct ScheduleWindow {
  std::uint8_t days = 0x7f;    // bit 0 = Monday .. bit 6 = Sunday
  int from_minute = 0;         // minutes after local midnight, inclusive
  int to_minute = 24 * 60;     // exclusive
  bool operator==(const ScheduleWindow&) const = default;
};

// Empty means "always".
struct Schedule {
  std::vector<ScheduleWindow> windows;
  // weekday: 0 = Monday .. 6 = Sunday; minute: minutes after local midnight.
  bool is_open(int weekday, int minute) const;
  bool operator==(const Schedule&) const = default;
};

struct Question {
  std::string id;
  Texts text;
  std::string kind = "rating4";
  FollowUp follow_up;
  Schedule schedule;
  bool enabled = true;
  bool operator==(const Question&) const = default;
};

// Versioned: editing makes a new version; answers keep the version they were given under.
struct QuestionSet {
  std::string unit_id;
  std::int64_t version = 0;
  std::vector<Language> languages;  // the languages offered, in switcher order
  Language default_language;
  std::vector<Question> questions;
  bool operator==(const QuestionSet&) const = default;
};

// Where a response came from.
enum class Channel { kiosk, staff };
const char* to_string(Channel c);
std::optional<Channel> channel_from_string(const std::string& s);

// Flags on a response; flagged answers are counted apart in figures.
enum ResponseFlag : std::uint32_t {
  kFlagNone = 0,
  kFlagRapidRepeat = 1u << 0,  // closer to the previous answer than the configured interval
  kFlagClockSkew = 1u << 1,    // set by HQ: the device clock was far off when it was sent
};

struct Response {
  std::string id;        // UUIDv7, generated on the tablet
  std::string visit_id;  // answers of one visitor in a row share it
  std::string device_id;
  std::string unit_id;
  std::string question_id;
  std::int64_t question_set_version = 0;
  int rating = 0;  // 1..4
  std::optional<std::string> comment;
  Language language;
  std::int64_t answered_at_ms = 0;  // UTC, milliseconds since the epoch
  int utc_offset_min = 0;           // local offset at that moment
  std::uint32_t flags = kFlagNone;
  Channel channel = Channel::kiosk;
  bool operator==(const Response&) const = default;
};

}  // namespace hymy
