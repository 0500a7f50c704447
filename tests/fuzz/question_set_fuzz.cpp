// Fuzz target: question-set JSON, which tablets receive from HQ and staff upload. Any text is a
// set or a ConfigError; a parsed set written back and parsed again is the same set.
#include "fuzz_targets.hpp"
#include "hymy/question_set_json.hpp"

namespace hymy::fuzz {

int question_set_entry(const std::uint8_t* data, std::size_t size) {
  try {
    (void)parse_question_set(nested_around(as_text(data, size), "[", "]"), "deep.json");
    check(false, "a question set nested too deep is refused");
  } catch (const ConfigError& e) {
    check(names_the_depth(e.what()), "a question set nested too deep is refused naming the depth", e.what());
  }
  QuestionSet set;
  try {
    set = parse_question_set(as_text(data, size), "fuzz.json");
  } catch (const ConfigError& e) {
    check(std::string_view(e.what()).starts_with("fuzz.json"), "errors name the source", e.what());
    return 0;
  }
  (void)validate_question_set(set);
  const std::string written = question_set_to_json(set);
  try {
    check(parse_question_set(written, "again.json") == set, "write then parse is the same set",
          written);
  } catch (const ConfigError& e) {
    check(false, "a written set parses again", e.what());
  }
  return 0;
}

}  // namespace hymy::fuzz
