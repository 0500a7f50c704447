// Bad configuration stops the kiosk before it opens a window, with an error naming the file and
// the key, and leaves nothing half-written behind.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <sstream>

#include "app/kiosk_config.hpp"
#include "kiosk_fixture.hpp"
#include "storage/pin_hash.hpp"
#include "storage/staff_keys.hpp"

namespace hymy::kiosk::testing {
namespace {

// Runs without a display: configuration is checked before any window exists.
RunResult start(const KioskTest&, const std::string& config) {
  return run_process({HYMY_KIOSK_EXE, "--config", config, "--windowed", "800x480"}, "", 30'000);
}

class KioskConfigTest : public KioskTest {
 protected:
  void expect_config_error(const RunResult& r, const std::vector<std::string>& mentions) {
    EXPECT_EQ(r.exit_code, 2) << r.err;
    for (const auto& m : mentions) EXPECT_NE(r.err.find(m), std::string::npos) << "missing '" << m << "' in: " << r.err;
  }
};

TEST_F(KioskConfigTest, MissingQuestionSetNamesTheKey) {
  write("kiosk.toml", "[device]\nid = \"tab-1\"\nunit = \"demo\"\ndatabase = \"tablet.db\"\n[kiosk]\n");
  expect_config_error(start(*this, config_path()), {config_path(), "kiosk.question_set"});
}

TEST_F(KioskConfigTest, AQuestionSetFileThatIsNotThereNamesBoth) {
  configure(kOneQuestionNever);
  write("kiosk.toml", "[device]\nid = \"tab-1\"\nunit = \"demo\"\ndatabase = \"tablet.db\"\n[kiosk]\nquestion_set = \"nope.json\"\n");
  expect_config_error(start(*this, config_path()), {config_path(), "kiosk.question_set", "nope.json"});
}

TEST_F(KioskConfigTest, BrokenQuestionSetJsonNamesTheFileAndLeavesTheDatabaseEmpty) {
  configure("{\"unit\": \"demo\", \"version\": ");
  expect_config_error(start(*this, config_path()), {dir.file("set.json"), "kiosk.question_set"});
  TabletStore store(db());
  EXPECT_FALSE(store.current_question_set().has_value());
}

TEST_F(KioskConfigTest, AnInvalidQuestionNamesItsKey) {
  configure(R"({"unit": "demo", "version": 1, "languages": ["fi"], "default_language": "fi",
               "questions": [{"id": "a", "text": {"fi": "K"}, "follow_up": {"ask": "sometimes"}}]})");
  expect_config_error(start(*this, config_path()), {"set.json", "questions[0].follow_up"});
}

TEST_F(KioskConfigTest, UnknownLanguageNamesTheConfigKey) {
  configure(kOneQuestionNever, "languages = [\"fi\", \"de\"]\n");
  expect_config_error(start(*this, config_path()), {config_path(), "kiosk.languages", "'de'"});
}

TEST_F(KioskConfigTest, DefaultLanguageMustBeOffered) {
  configure(kOneQuestionNever, "languages = [\"fi\", \"sv\"]\ndefault_language = \"en\"\n");
  expect_config_error(start(*this, config_path()), {config_path(), "kiosk.default_language"});
}

TEST_F(KioskConfigTest, BrokenLanguageFileNamesTheFile) {
  std::filesystem::create_directory(dir.path() / "i18n");
  write("i18n/fi.json", "{ \"language\": \"fi\", ");
  configure(kOneQuestionNever, "");
  // Point i18n_dir at the broken copy (the last assignment of a key would be a TOML error).
  std::string text;
  {
    std::ifstream in(config_path());
    std::ostringstream buffer;  // (not istreambuf_iterator: GCC 12 -O3 warns falsely on it)
    buffer << in.rdbuf();
    text = buffer.str();
  }
  text = std::regex_replace(text, std::regex("i18n_dir = .*"), "i18n_dir = \"i18n\"\nlanguages = [\"fi\"]");
  write("kiosk.toml", text);
  expect_config_error(start(*this, config_path()), {dir.file("i18n/fi.json"), "not valid JSON"});
}

TEST_F(KioskConfigTest, AMisspeltKeyIsNamed) {
  configure(kOneQuestionNever, "inactivity_secs = 10\n");
  expect_config_error(start(*this, config_path()), {config_path(), "inactivity_secs"});
}

TEST_F(KioskConfigTest, AMissingFontIsAClearStartupError) {
  configure(kOneQuestionNever, "font = \"/nonexistent/NoSuchFont.ttf\"\n");
  const auto r = start(*this, config_path());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("/nonexistent/NoSuchFont.ttf"), std::string::npos) << r.err;
}

TEST_F(KioskConfigTest, NoDisplayIsAClearErrorNotACrash) {
  configure(kOneQuestionNever);
  const auto r = start(*this, config_path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("DISPLAY"), std::string::npos) << r.err;
}

TEST_F(KioskConfigTest, TheExampleConfigIsValid) {
  // The shipped example, with its database moved into the temp dir.
  std::ifstream in(HYMY_TEST_ASSETS_DIR "/config/kiosk.example.toml");
  std::ostringstream buffer;  // (not istreambuf_iterator: GCC 12 -O3 warns falsely on it)
  buffer << in.rdbuf();
  std::string text = buffer.str();
  ASSERT_FALSE(text.empty());
  text = std::regex_replace(text, std::regex("database = \"[^\"]*\""), "database = \"" + db() + "\"");
  text = std::regex_replace(text, std::regex("question_set = \"[^\"]*\""),
                            "question_set = \"" HYMY_TEST_ASSETS_DIR "/question-sets/default.json\"");
  write("kiosk.toml", text);
  const KioskSetup setup = load_kiosk_setup(config_path());
  EXPECT_EQ(setup.flow.languages, (std::vector<Language>{"fi", "sv", "en"}));
  EXPECT_EQ(setup.flow.default_language, "fi");
  EXPECT_EQ(setup.flow.inactivity_ms, 30'000);
  EXPECT_FALSE(setup.question_set.questions.empty());
  // Seeded into the database as a local set.
  TabletStore store(db());
  EXPECT_EQ(store.current_question_set_source(), std::optional<std::string>("local"));
}

TEST_F(KioskConfigTest, AStaffPinThatIsNotFourToEightDigitsNamesTheKey) {
  configure(kOneQuestionNever, "\n[staff]\npin = \"12a4\"\n");
  expect_config_error(start(*this, config_path()), {config_path(), "staff.pin", "4 to 8 digits"});
  EXPECT_FALSE(TabletStore(db()).state(staff_keys::kPinHash).has_value());
  configure(kOneQuestionNever, "\n[staff]\npin_code = \"1234\"\n");
  expect_config_error(start(*this, config_path()), {config_path(), "pin_code"});
}

TEST_F(KioskConfigTest, TheConfiguredPinOnlySeedsAnEmptyDatabase) {
  configure(kOneQuestionNever, "\n[staff]\npin = \"2468\"\nlock_minutes = 7\nidle_seconds = 90\n");
  const KioskSetup first = load_kiosk_setup(config_path());
  EXPECT_TRUE(first.has_pin);
  EXPECT_EQ(first.staff.pin_rules.lock_ms, 7 * 60'000);
  EXPECT_EQ(first.flow.staff_idle_ms, 90'000);
  const auto hash = TabletStore(db()).state(staff_keys::kPinHash);
  ASSERT_TRUE(hash.has_value());
  EXPECT_TRUE(verify_pin("2468", *hash));
  EXPECT_EQ(hash->rfind("pbkdf2-sha256$400000$", 0), 0u) << *hash;  // the default count
  // A PIN changed on the tablet is not overwritten by the file at the next start.
  configure(kOneQuestionNever, "\n[staff]\npin = \"1357\"\n");
  load_kiosk_setup(config_path());
  EXPECT_EQ(TabletStore(db()).state(staff_keys::kPinHash), hash);
  // A lock in the database is read back.
  TabletStore(db()).put_state(staff_keys::kPinGuard, "5 99999999999999");
  EXPECT_EQ(load_kiosk_setup(config_path()).pin_guard.failures, 5);
}

}  // namespace
}  // namespace hymy::kiosk::testing
