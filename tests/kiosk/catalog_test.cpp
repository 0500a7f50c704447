// Language files: the shipped ones are complete, a broken one is named with its key, and an
// unknown language is named with the config key that asked for it.
#include "i18n/catalog.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "hymy/config_file.hpp"
#include "test_support.hpp"

namespace hymy::kiosk {
namespace {

const std::string kI18n = HYMY_TEST_ASSETS_DIR "/i18n";

std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(Catalog, ShippedLanguagesAreCompleteWithNordicLetters) {
  const Catalog c = Catalog::load(kI18n, {"fi", "sv", "en"}, "kiosk.toml", "kiosk.languages");
  EXPECT_EQ(c.pack("fi").name, "Suomi");
  EXPECT_EQ(c.pack("sv").name, "Svenska");
  EXPECT_EQ(c.pack("en").name, "English");
  for (const auto& code : {"fi", "sv", "en"})
    for (const auto& key : Catalog::required_keys()) EXPECT_NE(c.pack(code).text(key), key) << code << " " << key;
  for (const auto& code : {"fi", "sv"}) {
    std::string letters;
    for (const auto& row : c.pack(code).letters)
      for (const auto& k : row) letters += k;
    for (const char* nordic : {"å", "ä", "ö"}) EXPECT_NE(letters.find(nordic), std::string::npos) << code << nordic;
  }
  EXPECT_FALSE(c.pack("en").symbols.empty());
}

TEST(Catalog, TheShippedLanguagesHaveTheSameStringsStaffModeIncluded) {
  const Catalog c = Catalog::load(kI18n, {"fi", "sv", "en"}, "kiosk.toml", "kiosk.languages");
  const auto keys = [&](const Language& code) {
    std::vector<std::string> k;
    for (const auto& [key, text] : c.pack(code).strings) {
      k.push_back(key);
      EXPECT_FALSE(text.empty()) << code << ": " << key;
    }
    return k;
  };
  EXPECT_EQ(keys("fi"), keys("en"));
  EXPECT_EQ(keys("sv"), keys("en"));
  // A few staff strings the screens cannot do without, and a placeholder each language keeps.
  for (const char* key : {"pin.title", "health.error.auth", "edit.error.empty_text", "figures.missing", "day.6"})
    EXPECT_NE(c.pack("sv").text(key), key) << key;
  for (const char* code : {"fi", "sv", "en"})
    EXPECT_NE(c.pack(code).text("edit.error.empty_text").find("{language}"), std::string::npos) << code;
}

TEST(Catalog, EveryFileInTheDirectoryLoads) {
  // Adding a language is adding a file: whatever is there must be complete.
  for (const auto& entry : std::filesystem::directory_iterator(kI18n)) {
    if (entry.path().extension() != ".json") continue;
    const std::string code = entry.path().stem().string();
    EXPECT_NO_THROW(Catalog::load(kI18n, {code}, "kiosk.toml", "kiosk.languages")) << code;
  }
}

TEST(Catalog, AnUnknownLanguageNamesTheConfigKey) {
  const std::string e = error_of([] { Catalog::load(kI18n, {"fi", "de"}, "/etc/hymy/kiosk.toml", "kiosk.languages"); });
  EXPECT_NE(e.find("/etc/hymy/kiosk.toml"), std::string::npos) << e;
  EXPECT_NE(e.find("kiosk.languages"), std::string::npos) << e;
  EXPECT_NE(e.find("'de'"), std::string::npos) << e;
}

TEST(Catalog, AMissingStringNamesTheFileAndKey) {
  const std::string e = error_of([] {
    Catalog::parse(R"({"language":"xx","name":"X","strings":{"face.1":"a"},"keyboard":{"letters":["ab"],"symbols":["1"]}})", "xx.json");
  });
  EXPECT_NE(e.find("xx.json"), std::string::npos) << e;
  EXPECT_NE(e.find("strings.face.2"), std::string::npos) << e;
}

TEST(Catalog, BrokenJsonNamesTheFile) {
  const std::string e = error_of([] { Catalog::parse("{\"language\": \"fi\",", "broken.json"); });
  EXPECT_NE(e.find("broken.json"), std::string::npos) << e;
  EXPECT_NE(e.find("not valid JSON"), std::string::npos) << e;
}

TEST(Catalog, AFileMustSayWhichLanguageItIs) {
  testing::TempDir dir;
  std::ifstream in(kI18n + "/en.json");
  std::ofstream out(dir.file("xx.json"));
  out << in.rdbuf();
  out.close();
  const std::string e = error_of([&] { Catalog::load(dir.path().string(), {"xx"}, "k.toml", "kiosk.languages"); });
  EXPECT_NE(e.find("xx.json"), std::string::npos) << e;
  EXPECT_NE(e.find("language"), std::string::npos) << e;
}

TEST(Format, ReplacesPlaceholders) {
  EXPECT_EQ(format("{count} / {max}", {{"count", "12"}, {"max", "500"}}), "12 / 500");
  EXPECT_EQ(format("{a}{a}", {{"a", "{a}"}}), "{a}{a}");
}

}  // namespace
}  // namespace hymy::kiosk
