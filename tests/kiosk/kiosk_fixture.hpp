// A temporary tablet for tests of the real hymy-kiosk binary: a config file, a question set, a
// database path, and helpers to run the kiosk with a script and read what it stored.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "hymy/tablet_store.hpp"
#include "kiosk_process.hpp"
#include "test_support.hpp"

namespace hymy::kiosk::testing {

inline const char* kOneQuestionNever = R"({
  "unit": "demo", "version": 3, "languages": ["fi", "sv", "en"], "default_language": "fi",
  "questions": [
    {"id": "visit", "text": {"fi": "Kuinka onnistuimme?", "sv": "Hur lyckades vi?", "en": "How did we do?"},
     "follow_up": {"ask": "never"}}
  ]})";

inline const char* kCommentAlways = R"({
  "unit": "demo", "version": 3, "languages": ["fi", "sv", "en"], "default_language": "fi",
  "questions": [
    {"id": "visit", "text": {"fi": "Kuinka onnistuimme?", "sv": "Hur lyckades vi?", "en": "How did we do?"},
     "follow_up": {"ask": "always"}}
  ]})";

inline const char* kTwoQuestions = R"({
  "unit": "demo", "version": 3, "languages": ["fi", "sv", "en"], "default_language": "fi",
  "questions": [
    {"id": "a", "text": {"fi": "Kysymys A", "sv": "Fråga A", "en": "Question A"}, "follow_up": {"ask": "never"}},
    {"id": "b", "text": {"fi": "Kysymys B", "sv": "Fråga B", "en": "Question B"}, "follow_up": {"ask": "never"}}
  ]})";

class KioskTest : public ::testing::Test {
 protected:
  hymy::testing::TempDir dir;

  std::string db() const { return dir.file("tablet.db"); }
  std::string config_path() const { return dir.file("kiosk.toml"); }

  void write(const std::string& name, const std::string& text) const {
    std::ofstream(dir.file(name)) << text;
  }

  // Writes kiosk.toml with `kiosk_extra` lines in [kiosk] and the question set `set_json`.
  void configure(const std::string& set_json, const std::string& kiosk_extra = "") const {
    write("set.json", set_json);
    write("kiosk.toml", "[device]\nid = \"tab-1\"\nunit = \"demo\"\ndatabase = \"tablet.db\"\n"
                        "time_zone = \"Europe/Helsinki\"\n\n[kiosk]\nquestion_set = \"set.json\"\n"
                        "i18n_dir = \"" HYMY_TEST_ASSETS_DIR "/i18n\"\n"
                        "inactivity_seconds = 30\nthank_you_seconds = 4\nrapid_repeat_seconds = 5\n" +
                            kiosk_extra);
  }

  RunResult run(std::vector<std::string> args, int timeout_ms = 60'000) const {
    args.insert(args.begin(), {HYMY_KIOSK_EXE, "--config", config_path()});
    return run_process(args, xvfb_display(), timeout_ms);
  }

  // Runs a script in a 1280x800 window; returns the result.
  RunResult run_script(const std::string& script, std::vector<std::string> extra = {}) const {
    write("test.script", script);
    std::vector<std::string> args = {"--script", dir.file("test.script"), "--size", "1280x800"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(args);
  }

  std::vector<Response> responses() const {
    TabletStore store(db());
    std::vector<Response> out;
    for (const auto& r : store.outbox(1000, 0)) out.push_back(r);
    return out;
  }
};

#define SKIP_WITHOUT_XVFB()                                                              \
  if (::hymy::kiosk::testing::xvfb_display().empty())                                    \
  GTEST_SKIP() << "Xvfb is not installed (apt-get install xvfb): UI tests need a display"

}  // namespace hymy::kiosk::testing
