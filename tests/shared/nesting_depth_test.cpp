// The depth bound every JSON and TOML reader applies before any parser recurses.
#include <gtest/gtest.h>

#include <string>

#include "hymy/config_file.hpp"
#include "hymy/json_bounded.hpp"
#include "hymy/nesting_depth.hpp"

namespace hymy {
namespace {

std::string arrays(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(JsonNestingDepth, RefusesOneLevelBeyondTheLimitOnly) {
  EXPECT_FALSE(json_nesting_exceeds(arrays(31)));
  EXPECT_FALSE(json_nesting_exceeds(arrays(32)));
  EXPECT_TRUE(json_nesting_exceeds(arrays(33)));
  EXPECT_TRUE(json_nesting_exceeds(std::string(33, '{')));  // unclosed counts too
}

TEST(JsonNestingDepth, ScansAMillionLevelsWithoutRecursion) {
  for (const std::size_t depth : {1'000u, 10'000u, 100'000u, 1'000'000u}) {
    EXPECT_TRUE(json_nesting_exceeds(arrays(depth))) << depth;
  }
}

TEST(JsonNestingDepth, BracketsInsideStringsDoNotCount) {
  const std::string in_string = "[\"" + std::string(100, '[') + "\\\"" + std::string(100, '{') + "\"]";
  EXPECT_FALSE(json_nesting_exceeds(in_string));
  // An escaped backslash ends the escape: the quote after it closes the string.
  EXPECT_TRUE(json_nesting_exceeds("[\"\\\\\"" + arrays(40) + "]"));
}

TEST(JsonBounded, ThrowsNamingTheDepthAndAcceptsTheLimit) {
  EXPECT_NO_THROW((void)parse_json_bounded(arrays(32)));
  try {
    (void)parse_json_bounded(arrays(100'000));
    FAIL() << "expected JsonTooDeep";
  } catch (const JsonTooDeep& e) {
    EXPECT_NE(std::string(e.what()).find("nested deeper than 32 levels"), std::string::npos) << e.what();
  }
}

TEST(TomlNestingDepth, TableHeadersAreNotNestingButArraysAndInlineTablesAre) {
  EXPECT_FALSE(toml_nesting_exceeds("[a]\nx = 1\n[[b.c]]\ny = [1, [2, [3]]]\n"));
  EXPECT_TRUE(toml_nesting_exceeds("x = " + arrays(33) + "\n"));
  EXPECT_TRUE(toml_nesting_exceeds("x = " + std::string(33, '{')));
  EXPECT_FALSE(toml_nesting_exceeds("x = \"" + std::string(50, '[') + "\"\ny = '" + std::string(50, '[') +
                                    "'\n# " + std::string(50, '[') + "\nz = \"\"\"" + std::string(50, '[') +
                                    "\"\"\"\n"));
}

TEST(TomlNestingDepth, ConfigFileRefusesDeepTomlNamingFileAndDepth) {
  try {
    (void)ConfigFile::parse("x = " + arrays(100'000) + "\n", "tablet.toml");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("tablet.toml"), std::string::npos) << what;
    EXPECT_NE(what.find("deeper than 32"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace hymy
