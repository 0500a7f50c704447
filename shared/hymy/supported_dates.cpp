// Parsing of outside dates into the supported range (see supported_dates.hpp).
#include "hymy/supported_dates.hpp"

namespace hymy {
namespace {

constexpr std::size_t kQuotedChars = 40;  // enough to recognise what was sent, never a whole body

std::string quoted(std::string_view text) {
  std::string shown(text.substr(0, kQuotedChars));
  if (text.size() > kQuotedChars) shown += "...";
  return "\"" + shown + "\"";
}

}  // namespace

bool is_supported_date(const LocalDate& date) {
  return date.ok() && date >= kFirstSupportedDate && date <= kLastSupportedDate;
}

ParsedDate parse_supported_date(std::string_view parameter, std::string_view text) {
  const std::string name(parameter);
  // Only a 10-character text can be YYYY-MM-DD; a longer one is never copied whole.
  const auto date = text.size() == 10 ? LocalDate::parse(std::string(text)) : std::nullopt;
  if (!date) {
    return DateParamError{name + ": expected a date YYYY-MM-DD, found " + quoted(text)};
  }
  if (!is_supported_date(*date)) {
    return DateParamError{name + ": " + date->iso() + " is outside the supported dates " +
                          kFirstSupportedDate.iso() + ".." + kLastSupportedDate.iso()};
  }
  return *date;
}

}  // namespace hymy
