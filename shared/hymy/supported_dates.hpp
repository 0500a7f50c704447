// The calendar dates Hymy works with: 2000-01-01..2199-12-31. Every date that comes from outside
// (a query parameter, a form) is parsed here, so a date at the edge of the calendar library
// (9999-12-31, whose next day or previous period overflows) is refused with a message naming the
// parameter instead of failing deep inside the figures.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "hymy/local_time.hpp"

namespace hymy {

inline constexpr LocalDate kFirstSupportedDate{2000, 1, 1};
inline constexpr LocalDate kLastSupportedDate{2199, 12, 31};

// Why a date parameter was refused, in words a person can act on, starting with its name.
struct DateParamError {
  std::string message;
};

using ParsedDate = std::variant<LocalDate, DateParamError>;

// Whether `date` is a real calendar date inside the supported range.
bool is_supported_date(const LocalDate& date);

// `text` as the date of parameter `parameter`: exactly YYYY-MM-DD, a real date, inside the
// supported range; otherwise an error such as
//   date: 9999-12-31 is outside the supported dates 2000-01-01..2199-12-31
ParsedDate parse_supported_date(std::string_view parameter, std::string_view text);

}  // namespace hymy
