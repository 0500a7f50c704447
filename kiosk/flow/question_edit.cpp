// Checks of an edited question set (see question_edit.hpp).
#include "flow/question_edit.hpp"

#include <algorithm>

#include "hymy/question_set_json.hpp"

namespace hymy::kiosk {
namespace {

bool blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\n' || c == '\t'; });
}

std::string hhmm(int minute) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
  return buf;
}

}  // namespace

std::optional<EditProblem> check_edited_set(const QuestionSet& set) {
  if (std::none_of(set.questions.begin(), set.questions.end(), [](const Question& q) { return q.enabled; }))
    return EditProblem{"edit.error.no_active", {}};
  for (std::size_t i = 0; i < set.questions.size(); ++i) {
    const Question& q = set.questions[i];
    const std::string n = std::to_string(i + 1);
    for (const Language& lang : set.languages) {
      const auto it = q.text.find(lang);
      if (it == q.text.end() || blank(it->second))
        return EditProblem{"edit.error.empty_text", {{"question", n}, {"language", lang}}};
    }
    const auto& w = q.schedule.windows;
    for (std::size_t a = 0; a < w.size(); ++a) {
      const std::string wa = std::to_string(a + 1);
      if ((w[a].days & 0x7f) == 0) return EditProblem{"edit.error.no_days", {{"question", n}, {"window", wa}}};
      if (w[a].to_minute <= w[a].from_minute)
        return EditProblem{"edit.error.times",
                           {{"question", n}, {"window", wa}, {"from", hhmm(w[a].from_minute)}, {"to", hhmm(w[a].to_minute)}}};
      for (std::size_t b = 0; b < a; ++b) {
        const bool same_day = (w[a].days & w[b].days & 0x7f) != 0;
        const bool meet = w[a].from_minute < w[b].to_minute && w[b].from_minute < w[a].to_minute;
        if (same_day && meet)
          return EditProblem{"edit.error.overlap", {{"question", n}, {"window", wa}, {"other", std::to_string(b + 1)}}};
      }
    }
  }
  if (std::string problem = validate_question_set(set); !problem.empty())
    return EditProblem{"edit.error.other", {{"detail", problem}}};
  return std::nullopt;
}

std::string new_question_id(const QuestionSet& set) {
  for (int n = 1;; ++n) {
    std::string id = "q";  // (appended, not "q" + ...: GCC 12 -O3 warns falsely on the latter)
    id += std::to_string(n);
    if (std::none_of(set.questions.begin(), set.questions.end(), [&](const Question& q) { return q.id == id; }))
      return id;
  }
}

}  // namespace hymy::kiosk
