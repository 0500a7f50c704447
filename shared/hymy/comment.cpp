// Cleaning of free-text comments: strict UTF-8 checks, control-character and whitespace cleanup,
// and masking of personal data. Comments come from anyone at a kiosk and are re-checked at HQ, so
// everything here is a hand-written scanner that is linear in the input: no std::regex, whose
// backtracking can take exponential time on hostile text.
#include "hymy/comment.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hymy/model.hpp"

namespace hymy {
namespace {

// ---------------------------------------------------------------------------------------------
// UTF-8

struct Decoded {
  char32_t cp = 0;
  std::size_t size = 0;  // 0: invalid or truncated sequence
};

unsigned byte_at(std::string_view s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

bool is_continuation(unsigned b) { return (b & 0xC0u) == 0x80u; }

// Decodes one code point at s[i] following RFC 3629 table 3-7: overlong forms, UTF-16 surrogates
// and anything above U+10FFFF are invalid, as is a sequence cut short by the end of the text.
Decoded decode_at(std::string_view s, std::size_t i) {
  const unsigned b0 = byte_at(s, i);
  if (b0 < 0x80u) return {static_cast<char32_t>(b0), 1};

  std::size_t size = 0;
  unsigned lo = 0x80u;  // allowed range of the second byte
  unsigned hi = 0xBFu;
  char32_t cp = 0;
  if (b0 >= 0xC2u && b0 <= 0xDFu) {
    size = 2;
    cp = b0 & 0x1Fu;
  } else if (b0 >= 0xE0u && b0 <= 0xEFu) {
    size = 3;
    cp = b0 & 0x0Fu;
    if (b0 == 0xE0u) lo = 0xA0u;  // overlong below U+0800
    if (b0 == 0xEDu) hi = 0x9Fu;  // U+D800..U+DFFF are surrogates
  } else if (b0 >= 0xF0u && b0 <= 0xF4u) {
    size = 4;
    cp = b0 & 0x07u;
    if (b0 == 0xF0u) lo = 0x90u;  // overlong below U+10000
    if (b0 == 0xF4u) hi = 0x8Fu;  // above U+10FFFF
  } else {
    return {};  // a stray continuation byte, C0/C1 (always overlong), or F5..FF
  }
  if (s.size() - i < size) return {};
  const unsigned b1 = byte_at(s, i + 1);
  if (b1 < lo || b1 > hi) return {};
  cp = (cp << 6) | (b1 & 0x3Fu);
  for (std::size_t k = 2; k < size; ++k) {
    const unsigned b = byte_at(s, i + k);
    if (!is_continuation(b)) return {};
    cp = (cp << 6) | (b & 0x3Fu);
  }
  return {cp, size};
}

// Offset of the first byte of the first invalid sequence, or none if `s` is valid.
std::optional<std::size_t> first_invalid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const Decoded d = decode_at(s, i);
    if (d.size == 0) return i;
    i += d.size;
  }
  return std::nullopt;
}

void append_utf8(std::string& out, std::string_view s, std::size_t i, std::size_t size) {
  out.append(s.substr(i, size));
}

// ---------------------------------------------------------------------------------------------
// Cleaning

bool is_space_like(char32_t c) {
  // Tab, LF, VT, FF, CR, space, NEL, no-break space and the other Unicode spaces and line/paragraph
  // separators: all become one ordinary space, so a comment reads as one line on every screen.
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

bool is_removed(char32_t c) {
  // C0 and C1 controls and DEL carry no text. Bidirectional embeddings, overrides and isolates can
  // reorder how the rest of a dashboard line is displayed, and zero-width spaces/BOMs can hide text
  // from the masking below, so they go too. Joiners (U+200C/U+200D) stay: emoji sequences need
  // them.
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x200B || c == 0xFEFF ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

std::string hex_byte(unsigned b) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  return std::string{'0', 'x', kHex[(b >> 4) & 0xFu], kHex[b & 0xFu]};
}

// ---------------------------------------------------------------------------------------------
// Personal data

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_alnum(char c) { return is_digit(c) || is_ascii_alpha(c); }
char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
int digit_value(char c) { return c - '0'; }

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap(year)) return 29;
  return kDays[static_cast<std::size_t>(month - 1)];
}

// Henkilötunnus: DDMMYYCNNNK. C is the century sign, NNN the individual number and K the check
// character. The check character is not verified: a mistyped code is still someone's birth date
// and most of their identity. Only the date must be a real one, so that ordinary tokens such as
// "999999-123A" stay readable. Returns the end of the code, or none.
std::optional<std::size_t> match_hetu(std::string_view s, std::size_t i) {
  constexpr std::size_t kLen = 11;
  if (i > 0 && is_ascii_alnum(s[i - 1])) return std::nullopt;
  if (s.size() - i < kLen) return std::nullopt;
  for (std::size_t k = 0; k < 6; ++k) {
    if (!is_digit(s[i + k])) return std::nullopt;
  }
  int century = 0;
  switch (ascii_upper(s[i + 6])) {
    case '+': century = 1800; break;
    case '-': case 'Y': case 'X': case 'W': case 'V': case 'U': century = 1900; break;
    case 'A': case 'B': case 'C': case 'D': case 'E': case 'F': century = 2000; break;
    default: return std::nullopt;
  }
  for (std::size_t k = 7; k < 10; ++k) {
    if (!is_digit(s[i + k])) return std::nullopt;
  }
  static constexpr std::string_view kCheckChars = "0123456789ABCDEFHJKLMNPRSTUVWXY";
  if (kCheckChars.find(ascii_upper(s[i + 10])) == std::string_view::npos) return std::nullopt;
  if (i + kLen < s.size() && is_ascii_alnum(s[i + kLen])) return std::nullopt;

  const int day = digit_value(s[i]) * 10 + digit_value(s[i + 1]);
  const int month = digit_value(s[i + 2]) * 10 + digit_value(s[i + 3]);
  const int year = century + digit_value(s[i + 4]) * 10 + digit_value(s[i + 5]);
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
  return i + kLen;
}

// Phone numbers, Finnish and international: "040 123 4567", "040-1234567", "(09) 123 4567",
// "+358 40 123 4567", "+358 (0)40 123 4567", "0401234567". Digit groups are separated by at most
// one space or hyphen (never a dot, so dates such as "12.3.2024" stay), and a number must start
// with '+' or a 0 (trunk or international prefix) and have 7 to 15 digits (E.164's maximum), so
// "2 hours", "room 12" and "2024" are not numbers. Groups after the first need two digits or
// parentheses, so "040 123 4567 2 times" keeps its "2". Each attempt reads a bounded number of
// characters, which keeps the whole scan linear.
std::optional<std::size_t> match_phone(std::string_view s, std::size_t i) {
  constexpr int kMinDigits = 7;
  constexpr std::size_t kMaxDigits = 15;
  constexpr int kMaxGroups = 6;

  if (i > 0) {
    const char prev = s[i - 1];
    // Inside a longer number, or the fraction/date part after "3." or "3,".
    if (is_digit(prev) || prev == '+') return std::nullopt;
    if ((prev == '.' || prev == ',') && i > 1 && is_digit(s[i - 2])) return std::nullopt;
  }

  std::size_t pos = i;
  bool plus = false;
  if (s[pos] == '+') {
    plus = true;
    ++pos;
  }

  int digits = 0;
  int groups = 0;
  bool first_digit_seen = false;
  bool only_hyphens = true;  // separators so far; for telling "03-04-2024" apart
  std::array<int, kMaxGroups> group_len{};
  std::optional<std::size_t> best_end;
  bool best_is_date = false;
  bool prev_paren = false;

  while (groups < kMaxGroups && pos < s.size()) {
    // One group: digits, or digits in parentheses.
    bool paren = false;
    std::size_t p = pos;
    if (s[p] == '(') {
      paren = true;
      ++p;
    }
    const std::size_t digits_start = p;
    while (p < s.size() && is_digit(s[p]) && p - digits_start <= kMaxDigits) ++p;
    const int len = static_cast<int>(p - digits_start);
    if (len == 0 || static_cast<std::size_t>(digits + len) > kMaxDigits) break;
    if (paren) {
      if (p >= s.size() || s[p] != ')') break;
      ++p;
    }
    if (!first_digit_seen) {
      first_digit_seen = true;
      if (!plus && s[digits_start] != '0') return std::nullopt;
      if (plus && s[digits_start] == '0') return std::nullopt;
    } else if (!paren && len < 2) {
      break;
    }

    digits += len;
    group_len[static_cast<std::size_t>(groups)] = len;
    ++groups;
    pos = p;
    prev_paren = paren;
    if (digits >= kMinDigits) {
      best_end = pos;
      best_is_date = !plus && only_hyphens && groups == 3 && group_len[0] <= 2 &&
                     group_len[1] <= 2 && group_len[2] == 4;
    }

    // What joins this group to the next one: one space or hyphen, or nothing after a ")".
    if (pos < s.size() && (s[pos] == ' ' || s[pos] == '-') && pos + 1 < s.size() &&
        (is_digit(s[pos + 1]) || s[pos + 1] == '(')) {
      if (s[pos] != '-') only_hyphens = false;
      ++pos;
    } else if (prev_paren && pos < s.size() && is_digit(s[pos])) {
      only_hyphens = false;
    } else {
      break;
    }
  }
  if (!best_end || best_is_date) return std::nullopt;
  return best_end;
}

bool is_email_local_char(char c) {
  // Bytes of non-ASCII characters count as letters: "käyttäjä@esimerkki.fi" is an address too.
  return is_ascii_alnum(c) || static_cast<unsigned char>(c) >= 0x80u || c == '.' || c == '_' ||
         c == '%' || c == '+' || c == '-' || c == '\'';
}

bool is_email_domain_char(char c) {
  return is_ascii_alnum(c) || static_cast<unsigned char>(c) >= 0x80u || c == '.' || c == '-';
}

// An e-mail address whose local part starts at i (the caller checks that s[i - 1] is not a local
// part character). The domain needs at least two labels and a top-level domain of two or more
// ASCII letters; a trailing dot ends the sentence, not the address.
std::optional<std::size_t> match_email(std::string_view s, std::size_t i) {
  std::size_t at = i;
  while (at < s.size() && is_email_local_char(s[at])) ++at;
  if (at == i || at >= s.size() || s[at] != '@') return std::nullopt;

  std::size_t end = at + 1;
  while (end < s.size() && is_email_domain_char(s[end])) ++end;
  while (end > at + 1 && (s[end - 1] == '.' || s[end - 1] == '-')) --end;
  const std::string_view domain = s.substr(at + 1, end - at - 1);
  const std::size_t last_dot = domain.rfind('.');
  if (last_dot == std::string_view::npos || last_dot == 0) return std::nullopt;
  // The address ends where the top-level domain stops being letters, so one glued to a number,
  // "matti@example.fi0401234567", is still masked (and the number after it too).
  const std::string_view tld = domain.substr(last_dot + 1);
  std::size_t tld_letters = 0;
  while (tld_letters < tld.size() && is_ascii_alpha(tld[tld_letters])) ++tld_letters;
  if (tld_letters < 2) return std::nullopt;
  if (domain.substr(0, last_dot + 1 + tld_letters).find("..") != std::string_view::npos) {
    return std::nullopt;
  }
  return at + 1 + last_dot + 1 + tld_letters;
}

}  // namespace

bool is_valid_utf8(std::string_view s) { return !first_invalid_utf8(s).has_value(); }

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) {
    if (!is_continuation(static_cast<unsigned char>(c))) ++n;
  }
  return n;
}

CleanComment clean_comment(std::string_view raw) {
  CleanComment result;
  if (const auto bad = first_invalid_utf8(raw)) {
    result.error = "comment is not valid UTF-8: invalid or truncated sequence at byte " +
                   std::to_string(*bad) + " (" + hex_byte(byte_at(raw, *bad)) + ")";
    return result;
  }
  // The limit applies to what the visitor typed, before cleaning, so the kiosk's counter and this
  // check agree.
  const std::size_t length = utf8_length(raw);
  if (length > kMaxCommentChars) {
    result.error = "comment is too long: " + std::to_string(length) + " characters, at most " +
                   std::to_string(kMaxCommentChars) + " allowed";
    return result;
  }

  std::string cleaned;
  cleaned.reserve(raw.size());
  bool pending_space = false;
  std::size_t i = 0;
  while (i < raw.size()) {
    const Decoded d = decode_at(raw, i);  // valid: checked above
    if (is_space_like(d.cp)) {
      pending_space = true;
    } else if (!is_removed(d.cp)) {
      if (pending_space && !cleaned.empty()) cleaned.push_back(' ');
      pending_space = false;
      append_utf8(cleaned, raw, i, d.size);
    }
    i += d.size;
  }

  std::string masked = mask_personal_data(cleaned);
  // A placeholder is never longer than what it replaces except for the shortest e-mail addresses
  // ("a@b.fi" -> "[email]"); the stored text must still respect the limit, so that HQ's second
  // cleaning of the same text gives the same answer.
  const std::size_t masked_length = utf8_length(masked);
  if (masked_length > kMaxCommentChars) {
    result.error = "comment is too long after masking personal data: " +
                   std::to_string(masked_length) + " characters, at most " +
                   std::to_string(kMaxCommentChars) + " allowed";
    return result;
  }
  if (!masked.empty()) result.text = std::move(masked);
  return result;
}

std::string mask_personal_data(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  std::size_t masked_end = 0;  // where the last placeholder's text ended
  while (i < text.size()) {
    const char c = text[i];
    // Right after a placeholder is a fresh start: the matchers look at the character before them
    // so as not to match inside a longer token, but that character is masked away. Without this,
    // "040 123 4567matti@example.fi" or "matti@example.fi131052-308T" kept their second part.
    const bool after_mask = masked_end > 0 && i == masked_end;
    const std::string_view from = after_mask ? text.substr(i) : text;
    const std::size_t at = after_mask ? 0 : i;
    std::optional<std::size_t> end;
    const char* label = nullptr;
    // E-mail first: "0401234567@example.fi" is an address, not a phone number. Attempts start
    // only where a local part starts, so each character is read by at most two attempts.
    if (is_email_local_char(c) && (at == 0 || !is_email_local_char(from[at - 1]))) {
      end = match_email(from, at);
      label = "[email]";
    }
    if (!end && is_digit(c)) {
      end = match_hetu(from, at);
      label = "[hetu]";
    }
    if (!end && (c == '+' || c == '(' || c == '0')) {
      end = match_phone(from, at);
      label = "[phone]";
    }
    if (end) {
      out += label;
      i = (after_mask ? i : 0) + *end;
      masked_end = i;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

}  // namespace hymy
