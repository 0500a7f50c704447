// Cleaning of free-text comments before they are stored anywhere: free text can carry personal
// data and hostile bytes, so every comment passes through here on the tablet and again at HQ.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hymy {

struct CleanComment {
  std::optional<std::string> text;  // cleaned and masked; none if empty after cleaning or invalid
  std::string error;                // non-empty when the input was refused, says why
  bool ok() const { return error.empty(); }
};

bool is_valid_utf8(std::string_view s);
std::size_t utf8_length(std::string_view s);  // code points; s must be valid UTF-8

// Refuses invalid UTF-8 and text over kMaxCommentChars code points; removes control characters
// (keeping newlines as spaces), trims, and masks personal data.
CleanComment clean_comment(std::string_view raw);

// Replaces Finnish personal identity codes (henkilötunnus), phone numbers and e-mail addresses
// with a placeholder such as "[hetu]", "[phone]", "[email]"; dates and clock times stay. Linear in
// the length of the text (personal_data.hpp counts the work).
std::string mask_personal_data(std::string_view text);

}  // namespace hymy
