// Internal to the personal-data masking: the text view every rule reads through, and the rules.
// Each rule looks at a bounded stretch of text from where it starts, so the whole scan is linear.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace hymy::mask {

// The text being masked. Every byte read is counted. Bytes before `floor` were just masked away:
// rules that check what comes before them (so as not to match inside a longer token) see nothing
// there, which is what "040 123 4567matti@example.fi" needs to lose both parts.
class ScanText {
 public:
  explicit ScanText(std::string_view text) : text_(text) {}

  std::size_t size() const { return text_.size(); }
  char operator[](std::size_t i) const {
    ++bytes_read_;
    return text_[i];
  }
  // The byte at i, or '\0' past the end; never a crash for a rule that looks one byte ahead.
  char at(std::size_t i) const { return i < text_.size() ? (*this)[i] : '\0'; }
  // The byte before i if it is visible (after the floor), or '\0'.
  char before(std::size_t i) const { return i > floor_ ? (*this)[i - 1] : '\0'; }
  char two_before(std::size_t i) const { return i > floor_ + 1 ? (*this)[i - 2] : '\0'; }
  // Whether the text at i starts with `word`, compared case-insensitively for ASCII letters.
  bool starts_with(std::size_t i, std::string_view word) const;

  void set_floor(std::size_t floor) { floor_ = floor; }
  std::size_t bytes_read() const { return bytes_read_; }

 private:
  std::string_view text_;
  std::size_t floor_ = 0;
  mutable std::size_t bytes_read_ = 0;
};

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_ascii_alnum(char c) { return is_digit(c) || is_ascii_alpha(c); }
inline char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
inline int digit_value(char c) { return c - '0'; }

// Length of a dash at i: '-' or one of U+2010..U+2014 and U+2212 (what phones and word processors
// put in when someone types a hyphen), or 0.
std::size_t dash_at(const ScanText& t, std::size_t i);

bool is_real_date(int year, int month, int day);

// Each rule returns where the match ends, or none. `i` is where it would start.
std::optional<std::size_t> match_hetu(const ScanText& t, std::size_t i);
std::optional<std::size_t> match_email(const ScanText& t, std::size_t i);
std::optional<std::size_t> match_phone(const ScanText& t, std::size_t i);
// Dates ("01 02 2024", "03-04-2024", "2024-03-12") and clock times ("08.30-16.00") that look
// like phone numbers digit for digit: the scan copies them unchanged and resumes after them.
std::optional<std::size_t> match_date_or_time(const ScanText& t, std::size_t i);

bool is_email_local_char(char c);

}  // namespace hymy::mask
