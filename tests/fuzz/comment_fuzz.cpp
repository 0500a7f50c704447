// Fuzz target: the comment sanitiser, which every comment from a kiosk passes on the tablet and
// again at HQ. Beyond "no crash, linear time", the cleaned text must keep the promises of
// comment.hpp: valid UTF-8, at most kMaxCommentChars code points, no control characters, trimmed.
#include "fuzz_targets.hpp"
#include "hymy/comment.hpp"
#include "hymy/model.hpp"

namespace hymy::fuzz {

int comment_entry(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw = as_text(data, size);

  const std::string masked = mask_personal_data(raw);
  // The placeholders are ASCII and the patterns only span ASCII, so masking never breaks UTF-8.
  if (is_valid_utf8(raw)) check(is_valid_utf8(masked), "mask_personal_data keeps UTF-8 valid");

  const CleanComment clean = clean_comment(raw);
  if (!clean.ok()) {
    check(!clean.text.has_value(), "a refused comment carries no text");
    return 0;
  }
  check(is_valid_utf8(raw), "invalid UTF-8 is refused");
  if (!clean.text) return 0;
  const std::string& text = *clean.text;
  check(!text.empty(), "an accepted text is not empty");
  check(is_valid_utf8(text), "cleaned text is valid UTF-8");
  check(utf8_length(text) <= kMaxCommentChars, "cleaned text is within the length limit");
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    check(b >= 0x20 && b != 0x7F, "cleaned text has no C0 controls or DEL", text);
  }
  check(text.front() != ' ' && text.back() != ' ', "cleaned text is trimmed", text);
  // HQ re-cleans what tablets sent: that must be accepted, and find no e-mail address or
  // identity code the first pass left visible. Phone placeholders are not compared: the phone
  // rules read the context before a number ("12.3." is a date, not the start of a number), and
  // masking changes that context, so "0000000.000000000" is masked in two steps. Known limit.
  const CleanComment again = clean_comment(text);
  check(again.ok() && again.text.has_value(), "a cleaned comment is accepted again", text);
  const auto count = [](const std::string& s, std::string_view label) {
    std::size_t n = 0;
    for (auto p = s.find(label); p != std::string::npos; p = s.find(label, p + 1)) ++n;
    return n;
  };
  for (const std::string_view label : {"[email]", "[hetu]"}) {
    check(count(*again.text, label) == count(text, label),
          "the first cleaning leaves no e-mail or identity code visible", text);
  }
  return 0;
}

}  // namespace hymy::fuzz
