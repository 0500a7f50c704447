// The question-set JSON format: parsing with errors that name the source and the key path,
// validation of the rules every saved set obeys, and writing back. Files under
// assets/question-sets/ and what HQ publishes to tablets both use it.
//
// {
//   "unit": "demo",                       // unit id: a-z, 0-9 and '-'
//   "version": 1,                         // positive integer, grows with every edit
//   "languages": ["fi", "sv", "en"],      // offered languages, in switcher order (2-3 letters)
//   "default_language": "fi",             // one of "languages"
//   "questions": [                        // asked in this order; at least one enabled
//     {
//       "id": "visit",                    // unique in the set: a-z, 0-9, '-' and '_'
//       "text": {"fi": "...", "sv": "...", "en": "..."},  // exactly the offered languages
//       "kind": "rating4",                // optional, default "rating4" (the only kind so far)
//       "follow_up": {"ask": "at_most", "rating": 2},     // optional, default {"ask": "never"}
//                                         // "ask": "never" | "always" | "at_most" (comment after
//                                         // ratings <= "rating", 1..3; "rating" only with at_most)
//       "schedule": [                     // optional; empty or absent: always asked
//         {"days": ["mon", "tue", "wed", "thu", "fri"], "from": "07:00", "to": "20:00"}
//       ],                                // local time; "from" inclusive, "to" exclusive, up to
//                                         // "24:00"; from < to, at least one day
//       "enabled": true                   // optional, default true
//     }
//   ]
// }
//
// Unknown and duplicate keys are errors, so that a typo such as "folow_up" cannot silently turn a
// rule off. Key paths in errors count array elements from 0: "questions[1].text.sv" is the
// Swedish text of the second question.
#include "hymy/question_set_json.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdint>
#include <fstream>
#include <limits>
#include <optional>
#include <set>
#include <sstream>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "hymy/comment.hpp"
#include "hymy/json_bounded.hpp"
#include "hymy/nesting_depth.hpp"

namespace hymy {
namespace {

using nlohmann::json;

// Generous for any real set (a few kilobytes), small enough that a hostile body stays cheap.
constexpr std::size_t kMaxJsonBytes = 1 << 20;
constexpr std::size_t kMaxNesting = 16;
constexpr std::size_t kMaxIdLength = 64;
constexpr std::size_t kMaxTextChars = 300;
constexpr int kMaxFollowUpRating = kMaxRating - 1;  // "at most 4" would be "always"
constexpr std::array<const char*, 7> kDayNames = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// ---------------------------------------------------------------------------------------------
// Describing values in errors

std::string shorten(std::string s, std::size_t max = 60) {
  if (s.size() <= max) return s;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0u) == 0x80u) --cut;
  s.resize(cut);
  return s + "...";
}

std::string kind_of(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string:
      return v.get_ref<const std::string&>().empty() ? "an empty string" : "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "a number";
    case json::value_t::binary:
    case json::value_t::discarded: break;
  }
  return "an unexpected value";
}

// `42 (a number)`, `"abc" (a string)`, `null`.
std::string describe(const json& v) {
  if (v.is_null()) return "null";
  std::string text = v.dump(-1, ' ', false, json::error_handler_t::replace);
  if (v.is_string() && text.size() > 60) text = shorten(text, 56) + "\"";
  return shorten(text) + " (" + kind_of(v) + ")";
}

std::string quote(const std::string& s) {
  return shorten(json(s).dump(-1, ' ', false, json::error_handler_t::replace));
}

bool is_blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

bool is_unit_id(const std::string& s) {
  return !s.empty() && s.size() <= kMaxIdLength && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool is_question_id(const std::string& s) {
  return !s.empty() && s.size() <= kMaxIdLength && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

bool is_language_code(const std::string& s) {
  return s.size() >= 2 && s.size() <= 3 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

std::string hhmm(int minute) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", minute / 60, minute % 60);
  return buffer;
}

// "07:00" -> 420; "24:00" is the end of the day. Exactly two digits each, so "7:00" is refused
// rather than guessed at.
std::optional<int> parse_hhmm(const std::string& s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (std::size_t i : {0u, 1u, 3u, 4u}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

const char* to_string(FollowUp::Kind kind) {
  switch (kind) {
    case FollowUp::Kind::never: return "never";
    case FollowUp::Kind::at_most: return "at_most";
    case FollowUp::Kind::always: return "always";
  }
  return "never";
}

// ---------------------------------------------------------------------------------------------
// Validation of a set, however it was made

struct Problem {
  std::string path;
  std::string message;
};

std::optional<Problem> check_schedule(const Schedule& schedule, const std::string& path) {
  for (std::size_t j = 0; j < schedule.windows.size(); ++j) {
    const ScheduleWindow& w = schedule.windows[j];
    const std::string at = path + "[" + std::to_string(j) + "]";
    if ((w.days & 0x7Fu) == 0 || (w.days & 0x80u) != 0) {
      return Problem{at + ".days", "expected at least one of \"mon\" .. \"sun\" and nothing else"};
    }
    if (w.from_minute < 0 || w.from_minute >= 24 * 60) {
      return Problem{at + ".from", "expected a time from \"00:00\" to \"23:59\", found minute " +
                                       std::to_string(w.from_minute)};
    }
    if (w.to_minute <= w.from_minute || w.to_minute > 24 * 60) {
      const std::string found = w.to_minute >= 0 && w.to_minute <= 24 * 60
                                    ? "\"" + hhmm(w.to_minute) + "\""
                                    : "minute " + std::to_string(w.to_minute);
      return Problem{at + ".to", "expected a time after \"from\" (\"" + hhmm(w.from_minute) +
                                     "\") and no later than \"24:00\", found " + found};
    }
  }
  return std::nullopt;
}

std::optional<Problem> check_question(const QuestionSet& set, std::size_t i) {
  const Question& q = set.questions[i];
  const std::string at = "questions[" + std::to_string(i) + "]";
  if (!is_question_id(q.id)) {
    return Problem{at + ".id", "expected an id of lowercase letters a-z, digits, '-' and '_' (at "
                               "most " + std::to_string(kMaxIdLength) + "), found " + quote(q.id)};
  }
  for (std::size_t k = 0; k < i; ++k) {
    if (set.questions[k].id == q.id) {
      return Problem{at + ".id", quote(q.id) + " is already the id of questions[" +
                                     std::to_string(k) + "]; ids must be unique"};
    }
  }
  for (const Language& lang : set.languages) {
    const std::string key = at + ".text." + lang;
    const auto it = q.text.find(lang);
    if (it == q.text.end()) {
      return Problem{key, "missing; every question needs a text in each offered language (" +
                              join(set.languages) + ")"};
    }
    if (!is_valid_utf8(it->second)) return Problem{key, "expected valid UTF-8 text"};
    if (is_blank(it->second)) {
      return Problem{key, "expected a non-empty string, found " + quote(it->second)};
    }
    if (const std::size_t n = utf8_length(it->second); n > kMaxTextChars) {
      return Problem{key, "expected at most " + std::to_string(kMaxTextChars) +
                              " characters, found " + std::to_string(n)};
    }
  }
  for (const auto& [lang, text] : q.text) {
    if (std::find(set.languages.begin(), set.languages.end(), lang) == set.languages.end()) {
      return Problem{at + ".text." + lang,
                     "not an offered language; expected one of: " + join(set.languages)};
    }
  }
  if (q.kind != "rating4") {
    return Problem{at + ".kind", "expected \"rating4\", found " + quote(q.kind)};
  }
  if (q.follow_up.kind == FollowUp::Kind::at_most &&
      (q.follow_up.threshold < kMinRating || q.follow_up.threshold > kMaxFollowUpRating)) {
    return Problem{at + ".follow_up.rating",
                   "expected an integer from 1 to " + std::to_string(kMaxFollowUpRating) +
                       ", found " + std::to_string(q.follow_up.threshold)};
  }
  return check_schedule(q.schedule, at + ".schedule");
}

std::optional<Problem> check_set(const QuestionSet& set) {
  if (!is_unit_id(set.unit_id)) {
    return Problem{"unit", "expected an id of lowercase letters a-z, digits and '-', found " +
                               quote(set.unit_id)};
  }
  if (set.version < 1) {
    return Problem{"version", "expected a positive integer, found " + std::to_string(set.version)};
  }
  if (set.languages.empty()) return Problem{"languages", "expected at least one language"};
  for (std::size_t i = 0; i < set.languages.size(); ++i) {
    const std::string at = "languages[" + std::to_string(i) + "]";
    if (!is_language_code(set.languages[i])) {
      return Problem{at, "expected a language code of 2 or 3 lowercase letters such as \"fi\", "
                         "found " + quote(set.languages[i])};
    }
    if (std::find(set.languages.begin(), set.languages.begin() + static_cast<std::ptrdiff_t>(i),
                  set.languages[i]) != set.languages.begin() + static_cast<std::ptrdiff_t>(i)) {
      return Problem{at, quote(set.languages[i]) + " is listed twice"};
    }
  }
  if (std::find(set.languages.begin(), set.languages.end(), set.default_language) ==
      set.languages.end()) {
    return Problem{"default_language", "expected one of the offered languages (" +
                                           join(set.languages) + "), found " +
                                           quote(set.default_language)};
  }
  if (set.questions.empty()) return Problem{"questions", "expected at least one question"};
  for (std::size_t i = 0; i < set.questions.size(); ++i) {
    if (auto problem = check_question(set, i)) return problem;
  }
  if (std::none_of(set.questions.begin(), set.questions.end(),
                   [](const Question& q) { return q.enabled; })) {
    return Problem{"questions", "expected at least one enabled question"};
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Parsing: types and shapes here, the rules above afterwards.

class Parser {
 public:
  explicit Parser(const std::string& source) : source_(source) {}

  QuestionSet parse(const json& root) const {
    if (!root.is_object()) {
      throw ConfigError(source_ + ": expected a JSON object at the top level, found " +
                        describe(root));
    }
    check_keys(root, "", {"unit", "version", "languages", "default_language", "questions"});
    QuestionSet set;
    set.unit_id = text(required(root, "", "unit", kNonEmpty), "unit");
    set.version = version(required(root, "", "version", kPositive), "version");

    const json& languages = required(root, "", "languages", kLanguages);
    if (!languages.is_array()) wrong("languages", kLanguages, languages);
    for (std::size_t i = 0; i < languages.size(); ++i) {
      const json& code = languages[i];
      const std::string at = "languages[" + std::to_string(i) + "]";
      if (!code.is_string()) wrong(at, "expected a language code such as \"fi\"", code);
      set.languages.push_back(code.get<std::string>());
    }
    set.default_language = text(required(root, "", "default_language", kNonEmpty),
                                "default_language");

    const json& questions = required(root, "", "questions", kQuestions);
    if (!questions.is_array()) wrong("questions", kQuestions, questions);
    for (std::size_t i = 0; i < questions.size(); ++i) {
      set.questions.push_back(question(questions[i], "questions[" + std::to_string(i) + "]"));
    }
    return set;
  }

 private:
  static constexpr const char* kNonEmpty = "expected a non-empty string";
  static constexpr const char* kPositive = "expected a positive integer";
  static constexpr const char* kLanguages = "expected an array of language codes";
  static constexpr const char* kQuestions = "expected an array of questions";
  static constexpr const char* kObject = "expected an object";
  static constexpr const char* kTexts = "expected an object with a text for each language";
  static constexpr const char* kAsk = "expected \"never\", \"always\" or \"at_most\"";
  static constexpr const char* kWindows = "expected an array of time windows";
  static constexpr const char* kDays = "expected an array of days such as [\"mon\", \"tue\"]";
  static constexpr const char* kDay =
      "expected one of \"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\"";

  [[noreturn]] void fail(const std::string& path, const std::string& message) const {
    throw ConfigError(source_ + ": key '" + path + "': " + message);
  }
  [[noreturn]] void wrong(const std::string& path, const std::string& expected,
                          const json& found) const {
    fail(path, expected + ", found " + describe(found));
  }

  static std::string child(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  void check_keys(const json& object, const std::string& path,
                  const std::vector<std::string>& known) const {
    for (const auto& item : object.items()) {
      if (std::find(known.begin(), known.end(), item.key()) == known.end()) {
        fail(child(path, item.key()), "unknown key; expected one of: " + join(known));
      }
    }
  }

  const json& required(const json& object, const std::string& path, const std::string& key,
                       const char* expected) const {
    const auto it = object.find(key);
    if (it == object.end()) fail(child(path, key), std::string("missing; ") + expected);
    return *it;
  }

  std::string text(const json& v, const std::string& path) const {
    if (!v.is_string() || is_blank(v.get_ref<const std::string&>())) wrong(path, kNonEmpty, v);
    return v.get<std::string>();
  }

  std::int64_t version(const json& v, const std::string& path) const {
    if (v.is_number_unsigned()) {
      const auto u = v.get<std::uint64_t>();
      if (u >= 1 && u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return static_cast<std::int64_t>(u);
      }
    }
    wrong(path, kPositive, v);
  }

  bool boolean(const json& v, const std::string& path) const {
    if (!v.is_boolean()) wrong(path, "expected true or false", v);
    return v.get<bool>();
  }

  Question question(const json& v, const std::string& at) const {
    if (!v.is_object()) wrong(at, kObject, v);
    check_keys(v, at, {"id", "text", "kind", "follow_up", "schedule", "enabled"});
    Question q;
    const std::string id_path = child(at, "id");
    const json& id = required(v, at, "id", "expected an id such as \"visit\"");
    if (!id.is_string()) wrong(id_path, "expected an id such as \"visit\"", id);
    q.id = id.get<std::string>();

    const json& texts = required(v, at, "text", kTexts);
    if (!texts.is_object()) wrong(child(at, "text"), kTexts, texts);
    for (const auto& item : texts.items()) {
      q.text[item.key()] = text(item.value(), child(at, "text." + item.key()));
    }
    if (const auto it = v.find("kind"); it != v.end()) q.kind = text(*it, child(at, "kind"));
    if (const auto it = v.find("follow_up"); it != v.end()) {
      q.follow_up = follow_up(*it, child(at, "follow_up"));
    }
    if (const auto it = v.find("schedule"); it != v.end()) {
      q.schedule = schedule(*it, child(at, "schedule"));
    }
    if (const auto it = v.find("enabled"); it != v.end()) {
      q.enabled = boolean(*it, child(at, "enabled"));
    }
    return q;
  }

  FollowUp follow_up(const json& v, const std::string& at) const {
    if (!v.is_object()) wrong(at, "expected an object such as {\"ask\": \"never\"}", v);
    check_keys(v, at, {"ask", "rating"});
    const json& ask = required(v, at, "ask", kAsk);
    FollowUp f;
    if (ask == "never") {
      f.kind = FollowUp::Kind::never;
    } else if (ask == "always") {
      f.kind = FollowUp::Kind::always;
    } else if (ask == "at_most") {
      f.kind = FollowUp::Kind::at_most;
    } else {
      wrong(child(at, "ask"), kAsk, ask);
    }
    const auto rating = v.find("rating");
    if (f.kind != FollowUp::Kind::at_most) {
      if (rating != v.end()) fail(child(at, "rating"), "only allowed with \"ask\": \"at_most\"");
      return f;
    }
    const std::string expected = "expected an integer from 1 to " +
                                 std::to_string(kMaxFollowUpRating);
    if (rating == v.end()) fail(child(at, "rating"), "missing; " + expected);
    if (!rating->is_number_integer() || *rating < kMinRating || *rating > kMaxFollowUpRating) {
      wrong(child(at, "rating"), expected, *rating);
    }
    f.threshold = rating->get<int>();
    return f;
  }

  Schedule schedule(const json& v, const std::string& at) const {
    if (!v.is_array()) wrong(at, kWindows, v);
    Schedule s;
    for (std::size_t j = 0; j < v.size(); ++j) {
      const std::string w_at = at + "[" + std::to_string(j) + "]";
      const json& w = v[j];
      if (!w.is_object()) wrong(w_at, "expected an object with \"days\", \"from\" and \"to\"", w);
      check_keys(w, w_at, {"days", "from", "to"});
      ScheduleWindow window;
      window.days = days(required(w, w_at, "days", kDays), child(w_at, "days"));
      window.from_minute = time(required(w, w_at, "from", kFrom), child(w_at, "from"), kFrom);
      window.to_minute = time(required(w, w_at, "to", kTo), child(w_at, "to"), kTo);
      if (window.from_minute == 24 * 60) wrong(child(w_at, "from"), kFrom, w["from"]);
      s.windows.push_back(window);
    }
    return s;
  }

  static constexpr const char* kFrom = "expected a time \"HH:MM\" from \"00:00\" to \"23:59\"";
  static constexpr const char* kTo = "expected a time \"HH:MM\" from \"00:00\" to \"24:00\"";

  std::uint8_t days(const json& v, const std::string& at) const {
    if (!v.is_array() || v.empty()) wrong(at, kDays, v);
    unsigned bits = 0;
    for (std::size_t k = 0; k < v.size(); ++k) {
      const std::string d_at = at + "[" + std::to_string(k) + "]";
      const json& day = v[k];
      const auto name = std::find_if(kDayNames.begin(), kDayNames.end(),
                                     [&](const char* n) { return day.is_string() && day == n; });
      if (name == kDayNames.end()) wrong(d_at, kDay, day);
      const unsigned bit = 1u << static_cast<unsigned>(name - kDayNames.begin());
      if (bits & bit) fail(d_at, quote(day.get<std::string>()) + " is listed twice");
      bits |= bit;
    }
    return static_cast<std::uint8_t>(bits);
  }

  int time(const json& v, const std::string& at, const char* expected) const {
    if (!v.is_string()) wrong(at, expected, v);
    const auto minute = parse_hhmm(v.get<std::string>());
    if (!minute) wrong(at, expected, v);
    return *minute;
  }

  const std::string& source_;
};

// Reads JSON, refusing duplicate keys (the last one would silently win) and deep nesting (which
// only a hostile body has, and which would cost stack in anything recursive downstream).
json read_json(std::string_view text, const std::string& source) {
  if (text.size() > kMaxJsonBytes) {
    throw ConfigError(source + ": larger than " + std::to_string(kMaxJsonBytes) + " bytes");
  }
  struct Frame {
    bool is_object;
    std::string path;
    std::set<std::string> keys;
    std::string last_key;
    std::size_t next_index = 0;
  };
  std::vector<Frame> stack;
  // The path of a value that is starting now inside the innermost container.
  const auto next_path = [&]() -> std::string {
    if (stack.empty()) return "";
    Frame& f = stack.back();
    if (f.is_object) return f.path.empty() ? f.last_key : f.path + "." + f.last_key;
    return f.path + "[" + std::to_string(f.next_index++) + "]";
  };
  const auto open = [&](bool is_object) {
    std::string path = next_path();
    if (stack.size() >= kMaxNesting) {
      throw ConfigError(source + ": JSON nested deeper than " + std::to_string(kMaxNesting) +
                        " levels");
    }
    stack.push_back(Frame{is_object, std::move(path), {}, {}, 0});
  };
  const json::parser_callback_t callback = [&](int, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start: open(true); break;
      case json::parse_event_t::array_start: open(false); break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end: stack.pop_back(); break;
      case json::parse_event_t::key: {
        Frame& f = stack.back();
        f.last_key = parsed.get<std::string>();
        if (!f.keys.insert(f.last_key).second) {
          const std::string path = f.path.empty() ? f.last_key : f.path + "." + f.last_key;
          throw ConfigError(source + ": key '" + path + "': appears twice");
        }
        break;
      }
      case json::parse_event_t::value: (void)next_path(); break;
    }
    return true;
  };

  // A question set nests far less than the project-wide bound: refuse at its own (before any
  // parser runs), with the same wording.
  if (json_nesting_exceeds(text, static_cast<int>(kMaxNesting))) {
    throw ConfigError(source + ": JSON nested deeper than " + std::to_string(kMaxNesting) + " levels");
  }
  try {
    return parse_json_bounded(text, callback);
  } catch (const JsonTooDeep& e) {
    throw ConfigError(source + ": " + e.what());
  } catch (const json::parse_error& e) {
    // e.what() is "[json.exception.parse_error.101] parse error at line 3, column 5: ..."; keep
    // the part a person needs. It may quote input bytes, which need not be valid UTF-8.
    std::string detail = e.what();
    if (const auto p = detail.find("parse error at "); p != std::string::npos) {
      detail = detail.substr(p + 15);
    }
    if (!is_valid_utf8(detail)) {
      for (char& c : detail) {
        if (static_cast<unsigned char>(c) >= 0x80u) c = '?';
      }
    }
    throw ConfigError(source + ": malformed JSON at byte " + std::to_string(e.byte) + ", " +
                      detail);
  } catch (const json::out_of_range& e) {
    // A number too large for a double ("1e999") is reported as out_of_range, not parse_error:
    // "[json.exception.out_of_range.406] number overflow parsing '1e999'". The quoted number is
    // ASCII (digits, sign, '.', 'e').
    std::string detail = e.what();
    if (const auto p = detail.find("] "); p != std::string::npos) detail = detail.substr(p + 2);
    throw ConfigError(source + ": malformed JSON, " + detail);
  }
}

}  // namespace

QuestionSet parse_question_set(std::string_view text, const std::string& source_name) {
  const json root = read_json(text, source_name);
  QuestionSet set = Parser(source_name).parse(root);
  if (const auto problem = check_set(set)) {
    throw ConfigError(source_name + ": key '" + problem->path + "': " + problem->message);
  }
  return set;
}

QuestionSet load_question_set_file(const std::string& path) {
  return parse_question_set(read_config_text(path, kMaxJsonBytes), path);
}

std::string validate_question_set(const QuestionSet& set) {
  if (const auto problem = check_set(set)) {
    return "key '" + problem->path + "': " + problem->message;
  }
  return "";
}

std::string question_set_to_json(const QuestionSet& set) {
  using ordered = nlohmann::ordered_json;
  ordered root;
  root["unit"] = set.unit_id;
  root["version"] = set.version;
  root["languages"] = set.languages;
  root["default_language"] = set.default_language;
  ordered questions = ordered::array();
  for (const Question& q : set.questions) {
    ordered out;
    out["id"] = q.id;
    // Texts in switcher order, so the file reads the way the kiosk shows it.
    ordered texts = ordered::object();
    for (const Language& lang : set.languages) {
      if (const auto it = q.text.find(lang); it != q.text.end()) texts[lang] = it->second;
    }
    for (const auto& [lang, t] : q.text) {
      if (!texts.contains(lang)) texts[lang] = t;
    }
    out["text"] = std::move(texts);
    out["kind"] = q.kind;
    ordered follow_up;
    follow_up["ask"] = to_string(q.follow_up.kind);
    if (q.follow_up.kind == FollowUp::Kind::at_most) follow_up["rating"] = q.follow_up.threshold;
    out["follow_up"] = std::move(follow_up);
    ordered windows = ordered::array();
    for (const ScheduleWindow& w : q.schedule.windows) {
      ordered days = ordered::array();
      for (std::size_t d = 0; d < kDayNames.size(); ++d) {
        if ((w.days >> d) & 1u) days.push_back(kDayNames[d]);
      }
      windows.push_back(ordered{
          {"days", std::move(days)}, {"from", hhmm(w.from_minute)}, {"to", hhmm(w.to_minute)}});
    }
    out["schedule"] = std::move(windows);
    out["enabled"] = q.enabled;
    questions.push_back(std::move(out));
  }
  root["questions"] = std::move(questions);
  try {
    return root.dump(2) + "\n";
  } catch (const nlohmann::json::exception&) {
    // Only text that is not valid UTF-8 gets here; validate_question_set reports it by key.
    throw ConfigError("question set: cannot be written as JSON: " + validate_question_set(set));
  }
}

}  // namespace hymy
