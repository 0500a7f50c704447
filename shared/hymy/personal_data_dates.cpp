// Dates and clock times that have the digits of a phone number: "01 02 2024", "03-04-2024",
// "01.02.2024", "2024-03-12", "08.30-16.00". Recognised so that the scan copies them unchanged
// instead of trying a phone number inside them.
#include "hymy/personal_data_scan.hpp"

namespace hymy::mask {
namespace {

bool is_date_separator(char c) { return c == '.' || c == '-' || c == '/' || c == ' '; }

// Reads 1 to `max` digits at p into value; returns how many, 0 if none.
std::size_t read_number(const ScanText& t, std::size_t p, std::size_t max, int& value) {
  value = 0;
  std::size_t n = 0;
  while (n < max && is_digit(t.at(p + n))) {
    value = value * 10 + digit_value(t.at(p + n));
    ++n;
  }
  return n;
}

// A number that ends at p: the next byte neither continues it nor starts a fraction ("1.5").
bool ends_number(const ScanText& t, std::size_t p) {
  if (is_digit(t.at(p))) return false;
  return !((t.at(p) == '.' || t.at(p) == ',') && is_digit(t.at(p + 1)));
}

// D.M.YYYY, D-M-YYYY, D/M/YYYY or D M YYYY (also M/D/YYYY, as English comments write it).
std::optional<std::size_t> match_day_month_year(const ScanText& t, std::size_t i) {
  int day = 0;
  int month = 0;
  int year = 0;
  std::size_t p = i;
  const std::size_t d = read_number(t, p, 2, day);
  if (d == 0) return std::nullopt;
  p += d;
  const char sep = t.at(p);
  if (!is_date_separator(sep)) return std::nullopt;
  ++p;
  const std::size_t m = read_number(t, p, 2, month);
  if (m == 0 || t.at(p + m) != sep) return std::nullopt;
  p += m + 1;
  if (read_number(t, p, 4, year) != 4 || year < 1900 || year > 2099) return std::nullopt;
  p += 4;
  if (!ends_number(t, p)) return std::nullopt;
  if (!is_real_date(year, month, day) && !is_real_date(year, day, month)) return std::nullopt;
  return p;
}

// YYYY-MM-DD and the same with dots or slashes.
std::optional<std::size_t> match_year_month_day(const ScanText& t, std::size_t i) {
  int year = 0;
  int month = 0;
  int day = 0;
  std::size_t p = i;
  if (read_number(t, p, 4, year) != 4 || year < 1900 || year > 2099) return std::nullopt;
  p += 4;
  const char sep = t.at(p);
  if (sep != '-' && sep != '.' && sep != '/') return std::nullopt;
  ++p;
  const std::size_t m = read_number(t, p, 2, month);
  if (m == 0 || t.at(p + m) != sep) return std::nullopt;
  p += m + 1;
  const std::size_t d = read_number(t, p, 2, day);
  if (d == 0) return std::nullopt;
  p += d;
  if (!ends_number(t, p) || !is_real_date(year, month, day)) return std::nullopt;
  return p;
}

// H.MM or H:MM, hours 0..23.
std::optional<std::size_t> match_clock(const ScanText& t, std::size_t i) {
  int hour = 0;
  int minute = 0;
  const std::size_t h = read_number(t, i, 2, hour);
  if (h == 0 || hour > 23) return std::nullopt;
  std::size_t p = i + h;
  if (t.at(p) != '.' && t.at(p) != ':') return std::nullopt;
  ++p;
  if (read_number(t, p, 2, minute) != 2 || minute > 59) return std::nullopt;
  p += 2;
  if (!ends_number(t, p)) return std::nullopt;
  return p;
}

// A clock time, or a range of two: "08.30-16.00", "8:00 – 16:00".
std::optional<std::size_t> match_time_range(const ScanText& t, std::size_t i) {
  const auto first = match_clock(t, i);
  if (!first) return std::nullopt;
  std::size_t p = *first;
  if (t.at(p) == ' ') ++p;
  const std::size_t dash = dash_at(t, p);
  if (dash == 0) return first;
  p += dash;
  if (t.at(p) == ' ') ++p;
  if (const auto second = match_clock(t, p)) return second;
  return first;
}

}  // namespace

std::optional<std::size_t> match_date_or_time(const ScanText& t, std::size_t i) {
  if (is_digit(t.before(i))) return std::nullopt;
  if (auto end = match_day_month_year(t, i)) return end;
  if (auto end = match_year_month_day(t, i)) return end;
  return match_time_range(t, i);
}

}  // namespace hymy::mask
