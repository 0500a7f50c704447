// Phone numbers, Finnish and international: "040 123 4567", "040-1234567", "040.123.4567",
// "040/123 4567", "040 - 123 4567", "(09) 123 4567", "+358 40 123 4567", "358401234567",
// "+358 (0)40 123 4567". A number starts with '+', a 0 (trunk or international prefix) or 358
// (Finland's country code, typed without its '+'), and has 7 to 15 digits (E.164's maximum), so
// "2 hours", "room 12" and "2024" are not numbers. Dates and clock times with the same digits are
// recognised before this rule runs (personal_data_dates.cpp).
#include <array>

#include "hymy/personal_data_scan.hpp"

namespace hymy::mask {
namespace {

constexpr int kMinDigits = 7;
constexpr int kMinDigitsAfter358 = 10;  // 358 and a national number of at least 7 digits
constexpr std::size_t kMaxDigits = 15;
constexpr int kMaxGroups = 6;

bool is_single_separator(char c) { return c == ' ' || c == '-' || c == '.' || c == '/'; }

// Length of what joins two digit groups at p, or 0: one space, hyphen, dot or slash; a dash of
// any kind; or a dash or slash with a space on each side ("040 - 123 4567").
std::size_t separator_at(const ScanText& t, std::size_t p) {
  if (t.at(p) == ' ') {
    const std::size_t dash = dash_at(t, p + 1);
    if (dash > 0 && t.at(p + 1 + dash) == ' ') return dash + 2;
    if (t.at(p + 1) == '/' && t.at(p + 2) == ' ') return 3;
    return 1;
  }
  if (const std::size_t dash = dash_at(t, p); dash > 0) return dash;
  return is_single_separator(t.at(p)) ? 1 : 0;
}

bool starts_358(const ScanText& t, std::size_t p) {
  return t.at(p) == '3' && t.at(p + 1) == '5' && t.at(p + 2) == '8';
}

}  // namespace

std::optional<std::size_t> match_phone(const ScanText& t, std::size_t i) {
  const char prev = t.before(i);
  // Inside a longer number, or a group of a number or date that began earlier ("3.0401234567",
  // "12/0401234567", "2024-03-12").
  if (is_digit(prev) || prev == '+') return std::nullopt;
  if ((prev == '.' || prev == ',' || prev == '-' || prev == '/') && is_digit(t.two_before(i))) {
    return std::nullopt;
  }

  std::size_t pos = i;
  const bool plus = t.at(pos) == '+';
  if (plus) ++pos;
  const bool country_358 = !plus && starts_358(t, pos);

  std::size_t digits = 0;
  int groups = 0;
  std::optional<std::size_t> best_end;
  bool prev_paren = false;

  while (groups < kMaxGroups && pos < t.size()) {
    // One group: digits, or digits in parentheses.
    bool paren = false;
    std::size_t p = pos;
    if (t.at(p) == '(') {
      paren = true;
      ++p;
    }
    const std::size_t digits_start = p;
    while (is_digit(t.at(p)) && p - digits_start <= kMaxDigits) ++p;
    const std::size_t len = p - digits_start;
    if (len == 0 || digits + len > kMaxDigits) break;
    if (paren) {
      if (t.at(p) != ')') break;
      ++p;
    }
    if (groups == 0) {
      const char first = t.at(digits_start);
      if (plus && first == '0') return std::nullopt;
      if (!plus && !country_358 && first != '0') return std::nullopt;
    } else if (!paren && len < 2) {
      break;  // "040 123 4567 2 kertaa" keeps its "2"
    }

    digits += len;
    ++groups;
    pos = p;
    prev_paren = paren;
    const std::size_t needed = country_358 ? kMinDigitsAfter358 : kMinDigits;
    if (digits >= needed) best_end = pos;

    // What joins this group to the next one, or nothing after a ")".
    const std::size_t sep = separator_at(t, pos);
    if (sep > 0 && (is_digit(t.at(pos + sep)) || t.at(pos + sep) == '(')) {
      pos += sep;
    } else if (prev_paren && is_digit(t.at(pos))) {
      // "(09)1234567"
    } else {
      break;
    }
  }
  return best_end;
}

}  // namespace hymy::mask
