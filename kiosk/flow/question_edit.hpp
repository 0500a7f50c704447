// Rules for a question set edited in staff mode. They are checked before anything is saved, and
// each problem comes back as a message key with its arguments, so the screen can say in the
// staff's language what to fix ("Question 2 has no text in Svenska").
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hymy/model.hpp"

namespace hymy::kiosk {

struct EditProblem {
  std::string key;  // an i18n key, e.g. "edit.error.empty_text"
  std::vector<std::pair<std::string, std::string>> args;
};

// The first problem of `set`, or none. Covers what staff can get wrong (no active question, an
// empty text in an offered language, a time window without days, ending before it starts, or
// overlapping another window of the same question) and then everything validate_question_set
// checks, so a set that passes here also passes the store.
std::optional<EditProblem> check_edited_set(const QuestionSet& set);

// An id not used in `set` ("q1", "q2", ...).
std::string new_question_id(const QuestionSet& set);

// Times are edited in half-hour steps within a day.
inline constexpr int kTimeStepMinutes = 30;
inline constexpr std::size_t kMaxWindows = 3;
inline constexpr std::size_t kMaxQuestionTextChars = 200;
inline constexpr std::size_t kMaxQuestions = 8;  // what the list shows at a finger-friendly size

}  // namespace hymy::kiosk
