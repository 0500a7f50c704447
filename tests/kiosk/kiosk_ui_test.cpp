// The real hymy-kiosk in a real window under Xvfb, driven by scripted pointer and keyboard
// input; each test checks the screen reached and the rows in the tablet's SQLite file.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "hymy/clock.hpp"
#include "hymy/local_time.hpp"
#include "kiosk_fixture.hpp"
#include "storage/response_store.hpp"

namespace hymy::kiosk::testing {
namespace {

#define EXPECT_RAN(r) EXPECT_EQ((r).exit_code, 0) << "stdout:\n" << (r).out << "\nstderr:\n" << (r).err

TEST_F(KioskTest, ATapOnAFaceIsStoredThenThanked) {
  SKIP_WITHOUT_XVFB();
  configure(kOneQuestionNever);
  const auto r = run_script("expect_screen question\ntap face 4\nexpect_screen thanks\nquit\n");
  EXPECT_RAN(r);
  const auto rows = responses();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].rating, 4);
  EXPECT_EQ(rows[0].question_id, "visit");
  EXPECT_EQ(rows[0].question_set_version, 3);
  EXPECT_EQ(rows[0].language, "fi");
  EXPECT_EQ(rows[0].device_id, "tab-1");
  EXPECT_EQ(rows[0].unit_id, "demo");
  EXPECT_EQ(rows[0].flags, kFlagNone);
  EXPECT_FALSE(rows[0].comment.has_value());
  EXPECT_NEAR(static_cast<double>(rows[0].answered_at_ms), static_cast<double>(now_ms()), 120'000.0);
}

TEST_F(KioskTest, ACommentTypedOnBothKeyboardsIsAttachedOnSend) {
  SKIP_WITHOUT_XVFB();
  configure(kCommentAlways);
  const auto r = run_script(
      "tap face 1\nexpect_screen comment\n"
      "tap key h\ntap key y\ntap key v\ntap key ä\n"  // on-screen keys; shift makes the first a capital
      "type \" palvelu!\"\nkey backspace\n"              // a physical keyboard
      "tap button send\nexpect_screen thanks\nquit\n");
  EXPECT_RAN(r);
  const auto rows = responses();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].rating, 1);
  EXPECT_EQ(rows[0].comment, std::optional<std::string>("Hyvä palvelu"));
}

TEST_F(KioskTest, LeavingMidCommentKeepsTheRatingAndDropsTheText) {
  SKIP_WITHOUT_XVFB();
  configure(kCommentAlways);
  const auto r = run_script(
      "tap face 2\nexpect_screen comment\ntype \"Kesken jäänyt\"\n"
      "advance_ms 31000\nexpect_screen question\nquit\n");
  EXPECT_RAN(r);
  const auto rows = responses();  // released to the outbox, so the comment is closed
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].rating, 2);
  EXPECT_FALSE(rows[0].comment.has_value());
}

TEST_F(KioskTest, SkipKeepsTheRatingWithoutAComment) {
  SKIP_WITHOUT_XVFB();
  configure(kCommentAlways);
  const auto r = run_script("tap face 3\nexpect_screen comment\ntype \"ei sittenkään\"\ntap button skip\nexpect_screen thanks\nquit\n");
  EXPECT_RAN(r);
  const auto rows = responses();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_FALSE(rows[0].comment.has_value());
}

TEST_F(KioskTest, SeveralQuestionsInAnotherLanguageAreOneVisit) {
  SKIP_WITHOUT_XVFB();
  configure(kTwoQuestions);
  const auto r = run_script(
      "tap lang sv\nexpect_language sv\n"
      "tap face 3\nexpect_question b\nexpect_screen question\n"
      "tap face 2\nexpect_screen thanks\n"
      "advance_ms 4000\nexpect_screen question\nexpect_question a\nexpect_language fi\nquit\n");
  EXPECT_RAN(r);
  const auto rows = responses();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].question_id, "a");
  EXPECT_EQ(rows[0].rating, 3);
  EXPECT_EQ(rows[1].question_id, "b");
  EXPECT_EQ(rows[1].rating, 2);
  EXPECT_EQ(rows[0].language, "sv");
  EXPECT_EQ(rows[1].language, "sv");
  EXPECT_EQ(rows[0].visit_id, rows[1].visit_id);
}

TEST_F(KioskTest, StoppingMidVisitKeepsTheAnswerAndInactivityRestarts) {
  SKIP_WITHOUT_XVFB();
  configure(kTwoQuestions);
  const auto r = run_script(
      "tap lang en\ntap face 4\nexpect_question b\n"
      "advance_ms 29000\nwait_frames 3\nexpect_question b\n"
      "advance_ms 1000\nexpect_question a\nexpect_language fi\nquit\n");
  EXPECT_RAN(r);
  const auto rows = responses();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].question_id, "a");
  EXPECT_EQ(rows[0].language, "en");
}

TEST_F(KioskTest, TapsDuringThanksAreIgnoredAndRapidRepeatsFlagged) {
  SKIP_WITHOUT_XVFB();
  configure(kOneQuestionNever);
  const auto r = run_script(
      "tap face 4\nexpect_screen thanks\n"
      "tap 0.2 0.6\ntap 0.8 0.6\n"  // where the faces were
      "advance_ms 4000\nexpect_screen question\n"
      "tap face 4\nexpect_screen thanks\n"      // 4 s after the first: a rapid repeat
      "advance_ms 10000\nexpect_screen question\n"
      "tap face 3\nexpect_screen thanks\nquit\n");  // well apart: not flagged
  EXPECT_RAN(r);
  const auto rows = responses();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].flags & kFlagRapidRepeat, 0u);
  EXPECT_NE(rows[1].flags & kFlagRapidRepeat, 0u);
  EXPECT_EQ(rows[2].flags & kFlagRapidRepeat, 0u);
}

TEST_F(KioskTest, ClosedOutsideTheScheduleTakesNoAnswers) {
  SKIP_WITHOUT_XVFB();
  // Open every day except today (in the unit's time zone).
  static const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  const int today = TimeZone("Europe/Helsinki").weekday_of(now_ms());
  std::string days;
  for (int d = 0; d < 7; ++d)
    if (d != today) days += std::string(days.empty() ? "" : ", ") + "\"" + kDays[d] + "\"";
  configure(std::string(R"({"unit": "demo", "version": 1, "languages": ["fi", "sv", "en"], "default_language": "fi",
    "questions": [{"id": "visit", "text": {"fi": "K", "sv": "F", "en": "Q"},
    "schedule": [{"days": [)") + days + R"(], "from": "00:00", "to": "24:00"}]}]})");
  const auto r = run_script("expect_screen closed\ntap 0.2 0.6\ntap 0.5 0.6\ntap 0.8 0.6\nwait_frames 3\nexpect_screen closed\nquit\n");
  EXPECT_RAN(r);
  TabletStore store(db());
  EXPECT_EQ(store.response_count(), 0);
}

TEST_F(KioskTest, AFailedWriteShowsACalmScreenAndIsRecordedForStaff) {
  SKIP_WITHOUT_XVFB();
  configure(kOneQuestionNever);
  const auto r = run_script("tap face 4\nexpect_screen failed\nadvance_ms 6000\nexpect_screen question\nquit\n",
                            {"--fault-store-fail"});
  EXPECT_RAN(r);
  EXPECT_NE(r.err.find("injected write failure"), std::string::npos) << r.err;
  TabletStore store(db());
  EXPECT_EQ(store.response_count(), 0);
  const auto note = store.state(kLastStoreErrorKey);
  ASSERT_TRUE(note.has_value());
  EXPECT_NE(note->find("injected write failure"), std::string::npos) << *note;
}

TEST_F(KioskTest, ASlowDiskDelaysThanksButNeverAFrame) {
  SKIP_WITHOUT_XVFB();
  configure(kOneQuestionNever);
  const auto r = run_script("wait_frames 5\nstats_reset\ntap face 4\nexpect_screen thanks\nstats\nquit\n",
                            {"--fault-store-delay-ms", "400"});
  EXPECT_RAN(r);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex(R"(frame_time n=(\d+) .* max=([0-9.]+) ms)"))) << r.out;
  const int frames = std::stoi(m[1]);
  const double worst = std::stod(m[2]);
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex(R"(tap_to_committed n=1 p50=([0-9.]+) ms)"))) << r.out;
  const double commit = std::stod(m[1]);
  EXPECT_GE(commit, 400.0);
  // Frames kept coming while the write took 400 ms, none of them held up by it.
  EXPECT_GE(frames, 5);
  EXPECT_LT(worst, 200.0) << "a frame took " << worst << " ms";
  EXPECT_EQ(responses().size(), 1u);
}

TEST_F(KioskTest, ALongPressInTheCornerOpensTheStaffHook) {
  SKIP_WITHOUT_XVFB();
  configure(kOneQuestionNever);
  const auto r = run_script(
      "press staff corner\nwait_frames 2\nadvance_ms 3100\nexpect_screen staff-set-pin\nrelease\n"
      "tap staff back\nexpect_screen question\nquit\n");
  EXPECT_RAN(r);
  EXPECT_EQ(TabletStore(db()).response_count(), 0);
}

TEST_F(KioskTest, ScreenshotModeWritesAPngOfTheAskedSize) {
  SKIP_WITHOUT_XVFB();
  configure(kCommentAlways);
  const std::string png = dir.file("comment_sv.png");
  const auto r = run({"--screenshot", png, "--screen", "comment", "--lang", "sv", "--size", "800x480"});
  EXPECT_RAN(r);
  std::ifstream in(png, std::ios::binary);
  unsigned char h[24] = {};
  in.read(reinterpret_cast<char*>(h), sizeof h);
  ASSERT_TRUE(in.good()) << "no PNG written";
  EXPECT_EQ(std::string(reinterpret_cast<char*>(h + 1), 3), "PNG");
  EXPECT_EQ((h[16] << 24) | (h[17] << 16) | (h[18] << 8) | h[19], 800);
  EXPECT_EQ((h[20] << 24) | (h[21] << 16) | (h[22] << 8) | h[23], 480);
}

TEST_F(KioskTest, ABrokenScriptFailsWithTheLine) {
  SKIP_WITHOUT_XVFB();
  configure(kOneQuestionNever);
  const auto r = run_script("tap face 4\nexpect_screen comment\n");  // this set asks no comment
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("line 2"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace hymy::kiosk::testing
