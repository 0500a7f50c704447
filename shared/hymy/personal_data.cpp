// The scan that masks personal data: at each position the rules are tried in a fixed order and
// the first that matches wins. Every rule reads a bounded stretch from where it starts (at most
// an e-mail address's 64 + 253 bytes and its "at"), and a rule starts only where its first byte
// can, so the work is linear in the text: no regular expression engine, no back-off.
#include "hymy/personal_data.hpp"

#include "hymy/comment.hpp"
#include "hymy/personal_data_scan.hpp"

namespace hymy {
namespace mask {

bool ScanText::starts_with(std::size_t i, std::string_view word) const {
  if (i > text_.size() || text_.size() - i < word.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k) {
    if (ascii_upper((*this)[i + k]) != ascii_upper(word[k])) return false;
  }
  return true;
}

}  // namespace mask

MaskResult mask_personal_data_counted(std::string_view text) {
  using namespace mask;
  ScanText t(text);
  MaskResult result;
  std::string& out = result.text;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = t[i];
    std::optional<std::size_t> end;
    const char* label = nullptr;
    // E-mail first: "0401234567@example.fi" is an address, not a phone number. Attempts start
    // only where a local part starts.
    if (is_email_local_char(c) && !is_email_local_char(t.before(i))) {
      end = match_email(t, i);
      label = "[email]";
    }
    if (!end && is_digit(c)) {
      end = match_hetu(t, i);
      label = "[hetu]";
    }
    if (!end && is_digit(c)) {
      if (const auto date_end = match_date_or_time(t, i)) {
        out.append(text.substr(i, *date_end - i));
        i = *date_end;
        continue;
      }
    }
    if (!end && (c == '+' || c == '(' || c == '0' || c == '3')) {
      end = match_phone(t, i);
      label = "[phone]";
    }
    if (end) {
      out += label;
      i = *end;
      // What was masked is gone for the rules that look back: "040 123 4567matti@example.fi"
      // loses both parts.
      t.set_floor(i);
    } else {
      out.push_back(c);
      ++i;
    }
  }
  result.bytes_read = t.bytes_read();
  return result;
}

std::string mask_personal_data(std::string_view text) {
  return mask_personal_data_counted(text).text;
}

}  // namespace hymy
