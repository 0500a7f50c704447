// Fuzz target: LocalDate::parse, which reads dates from URLs (?date=) and from HQ's replies.
// Only exactly "YYYY-MM-DD" of a real date is accepted, and it prints back as the same text;
// date arithmetic on it either works or throws std::out_of_range past year 9999.
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

#include "fuzz_targets.hpp"
#include "hymy/local_time.hpp"

namespace hymy::fuzz {

// Inputs of 14 bytes or more are a date to parse (10 bytes) and a day count (4 bytes); shorter
// ones are parsed whole, so lengths other than 10 keep testing the "exactly" rule.
int local_date_entry(const std::uint8_t* data, std::size_t size) {
  const bool with_days = size >= 14;
  const std::string text(as_text(data, with_days ? 10 : size));
  const auto date = LocalDate::parse(text);
  if (!date) return 0;
  check(date->ok(), "a parsed date is a real date", text);
  check(date->iso() == text, "a parsed date prints as its input", text);
  const int weekday = date->weekday();
  check(weekday >= 0 && weekday <= 6, "weekday is 0..6", text);
  int days = 1;
  if (with_days) std::memcpy(&days, data + 10, sizeof days);
  if (days == std::numeric_limits<int>::min()) ++days;  // so that -days exists
  try {
    const LocalDate later = date->plus_days(days);
    const std::string what = text + " plus " + std::to_string(days) + " = " + later.iso();
    check(later.ok(), "plus_days gives a real date", what);
    // 3,652,059 days span years 1..9999: a larger step cannot land inside them.
    check(days <= 3'652'059 && days >= -3'652'059, "plus_days past year 9999 throws", what);
    check(later.plus_days(-days) == *date, "plus_days(n) then plus_days(-n) is the same day", what);
  } catch (const std::out_of_range&) {
  }
  return 0;
}

}  // namespace hymy::fuzz
