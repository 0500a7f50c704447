// The question-set JSON format (files in assets/, and what HQ publishes to tablets).
#pragma once

#include <string>
#include <string_view>

#include "hymy/config_file.hpp"
#include "hymy/model.hpp"

namespace hymy {

// Parses and validates; throws ConfigError naming `source_name`, the key path (e.g.
// "questions[1].text.sv"), what was expected and what was found.
QuestionSet parse_question_set(std::string_view json, const std::string& source_name);
QuestionSet load_question_set_file(const std::string& path);
std::string question_set_to_json(const QuestionSet& set);

// Checks the rules every saved set must satisfy (at least one enabled question, a non-empty text
// in every offered language, unique ids, sane schedules). Returns what to fix, or "" if valid.
std::string validate_question_set(const QuestionSet& set);

}  // namespace hymy
