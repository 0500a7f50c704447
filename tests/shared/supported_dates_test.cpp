// The supported date range and the typed parse of outside dates: messages name the parameter.
#include <gtest/gtest.h>

#include "hymy/supported_dates.hpp"

namespace hymy {
namespace {

std::string error_of(const ParsedDate& parsed) {
  const auto* error = std::get_if<DateParamError>(&parsed);
  return error ? error->message : "(no error)";
}

TEST(SupportedDates, TheRangeEndsAreAcceptedAsDates) {
  EXPECT_EQ(std::get<LocalDate>(parse_supported_date("date", "2000-01-01")), (LocalDate{2000, 1, 1}));
  EXPECT_EQ(std::get<LocalDate>(parse_supported_date("date", "2199-12-31")), (LocalDate{2199, 12, 31}));
  EXPECT_EQ(std::get<LocalDate>(parse_supported_date("from", "2026-02-28")), (LocalDate{2026, 2, 28}));
  EXPECT_TRUE(is_supported_date({2024, 2, 29}));
  EXPECT_FALSE(is_supported_date({2023, 2, 29}));
}

TEST(SupportedDates, OutsideTheRangeIsRefusedNamingTheParameter) {
  EXPECT_EQ(error_of(parse_supported_date("date", "9999-12-31")),
            "date: 9999-12-31 is outside the supported dates 2000-01-01..2199-12-31");
  EXPECT_EQ(error_of(parse_supported_date("to", "2200-01-01")),
            "to: 2200-01-01 is outside the supported dates 2000-01-01..2199-12-31");
  EXPECT_EQ(error_of(parse_supported_date("from", "1999-12-31")),
            "from: 1999-12-31 is outside the supported dates 2000-01-01..2199-12-31");
  EXPECT_EQ(error_of(parse_supported_date("end", "0001-01-01")),
            "end: 0001-01-01 is outside the supported dates 2000-01-01..2199-12-31");
}

TEST(SupportedDates, MalformedTextIsRefusedAndQuotedShortly) {
  EXPECT_EQ(error_of(parse_supported_date("date", "2026-2-5")), "date: expected a date YYYY-MM-DD, found \"2026-2-5\"");
  EXPECT_EQ(error_of(parse_supported_date("date", "2026-02-30")), "date: expected a date YYYY-MM-DD, found \"2026-02-30\"");
  EXPECT_EQ(error_of(parse_supported_date("date", "")), "date: expected a date YYYY-MM-DD, found \"\"");
  const std::string message = error_of(parse_supported_date("to", std::string(10'000, '9')));
  EXPECT_EQ(message.rfind("to: expected a date", 0), 0u);
  EXPECT_LT(message.size(), 100u);
}

}  // namespace
}  // namespace hymy
