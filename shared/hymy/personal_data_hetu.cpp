// The Finnish personal identity code (henkilötunnus), DDMMYYCNNNK: C is the century sign, NNN the
// individual number and K the check character. It is masked however it is written: with the
// proper sign, with an en dash or a space where the sign belongs (what phones and people type),
// or glued to the word before it ("hetu131052-308T").
#include <array>
#include <string_view>

#include "hymy/personal_data_scan.hpp"

namespace hymy::mask {
namespace {

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

// The century a sign letter stands for (2023 reform included), or 0.
int century_of_sign(char c) {
  switch (ascii_upper(c)) {
    case '+': return 1800;
    case '-': case 'Y': case 'X': case 'W': case 'V': case 'U': return 1900;
    case 'A': case 'B': case 'C': case 'D': case 'E': case 'F': return 2000;
    default: return 0;
  }
}

bool is_check_char(char c) {
  static constexpr std::string_view kCheckChars = "0123456789ABCDEFHJKLMNPRSTUVWXY";
  return kCheckChars.find(ascii_upper(c)) != std::string_view::npos;
}

}  // namespace

bool is_real_date(int year, int month, int day) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  const int last = (month == 2 && is_leap(year)) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
  return day <= last;
}

std::size_t dash_at(const ScanText& t, std::size_t i) {
  if (t.at(i) == '-') return 1;
  if (t.at(i) != '\xE2') return 0;
  const char b1 = t.at(i + 1);
  const char b2 = t.at(i + 2);
  if (b1 == '\x80' && b2 >= '\x90' && b2 <= '\x94') return 3;  // U+2010..U+2014
  if (b1 == '\x88' && b2 == '\x92') return 3;                  // U+2212 minus sign
  return 0;
}

// The check character is not verified: a mistyped code is still someone's birth date and most of
// their identity. Only the date must be a real one, so that ordinary tokens such as
// "999999-123A" stay readable.
std::optional<std::size_t> match_hetu(const ScanText& t, std::size_t i) {
  if (is_digit(t.before(i))) return std::nullopt;  // inside a longer number
  for (std::size_t k = 0; k < 6; ++k) {
    if (!is_digit(t.at(i + k))) return std::nullopt;
  }
  std::size_t p = i + 6;
  // Between date and number: a sign letter; or a '+' or dash, a space on either side allowed;
  // or just a space, when the century is unknown.
  int century = 0;
  bool unknown_century = false;
  const bool space_before = t.at(p) == ' ';
  if (space_before) ++p;
  if (const std::size_t dash = dash_at(t, p); dash > 0) {
    century = 1900;
    p += dash;
  } else if (t.at(p) == '+') {
    century = 1800;
    ++p;
  } else if (!space_before && century_of_sign(t.at(p)) != 0) {
    century = century_of_sign(t.at(p));
    ++p;
  } else if (space_before) {
    unknown_century = true;
  } else {
    return std::nullopt;
  }
  if (!unknown_century && t.at(p) == ' ' && is_digit(t.at(p + 1))) ++p;
  for (std::size_t k = 0; k < 3; ++k) {
    if (!is_digit(t.at(p + k))) return std::nullopt;
  }
  if (!is_check_char(t.at(p + 3))) return std::nullopt;
  const std::size_t end = p + 4;
  // Nothing alphanumeric may follow: "131052-308TT" and "010203 45678" are other tokens. A digit
  // after a letter check character starts the next token ("131052-308T0401234567").
  const char next = t.at(end);
  if (is_ascii_alpha(next) || (is_digit(next) && is_digit(t.at(p + 3)))) return std::nullopt;

  const int day = digit_value(t[i]) * 10 + digit_value(t[i + 1]);
  const int month = digit_value(t[i + 2]) * 10 + digit_value(t[i + 3]);
  const int yy = digit_value(t[i + 4]) * 10 + digit_value(t[i + 5]);
  const bool real = unknown_century
                        ? is_real_date(1900 + yy, month, day) || is_real_date(2000 + yy, month, day)
                        : is_real_date(century + yy, month, day);
  if (!real) return std::nullopt;
  return end;
}

}  // namespace hymy::mask
