// Staff mode in the real hymy-kiosk under Xvfb, driven through the PIN pad and the staff screens
// by script; each test checks the screen reached, what the screen published and the SQLite rows.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "hymy/clock.hpp"
#include "hymy/device_state_keys.hpp"
#include "hymy/figures.hpp"
#include "hymy/local_time.hpp"
#include "hymy/question_set_json.hpp"
#include "kiosk_fixture.hpp"
#include "staff_seed.hpp"
#include "storage/staff_keys.hpp"

namespace hymy::kiosk::testing {
namespace {

#define EXPECT_RAN(r) EXPECT_EQ((r).exit_code, 0) << "stdout:\n" << (r).out << "\nstderr:\n" << (r).err

// A fast hash (same format): under ASan on a loaded machine the real count can take seconds.
const char* kStaffPin = "\n[staff]\npin = \"2468\"\npin_iterations = 1000\n";

// The hidden corner, then the pad.
const std::string kToPad = "press staff corner\nwait_frames 2\nadvance_ms 3100\nexpect_screen staff-pin\nrelease\n";
const std::string kRightPin = "tap pin 2\ntap pin 4\ntap pin 6\ntap pin 8\ntap pin ok\n";
const std::string kWrongPin = "tap pin 1\ntap pin 1\ntap pin 1\ntap pin 1\ntap pin ok\n";
const std::string kUnlock = kToPad + kRightPin + "expect_screen staff-home\n";

std::string fixed(const std::optional<double>& v) {
  if (!v) return "none";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", *v);
  return buf;
}

class StaffTest : public KioskTest {
 protected:
  std::int64_t question_set_versions() const {
    TabletStore store(db());
    auto st = store.database().prepare("SELECT count(*) FROM question_sets");
    st.step();
    return st.int64(0);
  }
};

TEST_F(StaffTest, AWrongPinWaitsAndTheRightOneOpensStaffMode) {
  SKIP_WITHOUT_XVFB();
  configure(kOneQuestionNever, kStaffPin);
  const auto r = run_script(kToPad + kWrongPin +
                            "expect_value pin.failures 1\nexpect_value staff.message pin.wrong\nexpect_screen staff-pin\n"
                            "expect_value pin.wait_seconds 1\nadvance_ms 1000\nexpect_value pin.wait_seconds 0\n" +
                            kRightPin + "expect_screen staff-home\nquit\n");
  EXPECT_RAN(r);
  TabletStore store(db());
  EXPECT_EQ(store.state(staff_keys::kPinGuard), std::optional<std::string>("0 0"));
  const auto hash = store.state(staff_keys::kPinHash);
  ASSERT_TRUE(hash.has_value());
  EXPECT_EQ(hash->find("2468"), std::string::npos);
}

TEST_F(StaffTest, FiveWrongPinsLockThePadAndTheLockSurvivesARestart) {
  SKIP_WITHOUT_XVFB();
  configure(kOneQuestionNever, kStaffPin);
  std::string script = kToPad;
  const int waits[] = {1000, 2000, 4000, 8000};
  for (int i = 0; i < 5; ++i) {
    script += kWrongPin + "expect_value pin.failures " + std::to_string(i + 1) + "\n";
    if (i < 4) script += "advance_ms " + std::to_string(waits[i]) + "\n";
  }
  script += "expect_value pin.locked 1\nexpect_value staff.message pin.locked\nquit\n";
  EXPECT_RAN(run_script(script));
  {
    TabletStore store(db());
    const auto guard = store.state(staff_keys::kPinGuard);
    ASSERT_TRUE(guard.has_value());
    EXPECT_EQ(guard->rfind("5 ", 0), 0u) << *guard;
  }
  // A new process: still locked, the right PIN cannot even be typed; after the lock it works. (The
  // first run's scripted clock ran 15 s ahead of real time, so the second waits 5.5 min.)
  const auto r = run_script(kToPad + "expect_value pin.locked 1\n" + kRightPin +
                            "expect_value pin.digits 0\nwait_frames 5\nexpect_screen staff-pin\n"
                            "advance_ms 330000\nexpect_screen question\n" +  // staff mode timed out meanwhile
                            kToPad + "expect_value pin.locked 0\n" + kRightPin + "expect_screen staff-home\nquit\n");
  EXPECT_RAN(r);
  EXPECT_EQ(TabletStore(db()).state(staff_keys::kPinGuard), std::optional<std::string>("0 0"));
}

TEST_F(StaffTest, EditingAQuestionSavesANewVersionAndAnswersKeepTheirs) {
  SKIP_WITHOUT_XVFB();
  configure(kOneQuestionNever, kStaffPin);
  const auto r = run_script(
      "tap face 4\nexpect_screen thanks\nadvance_ms 4000\nexpect_screen question\n" + kUnlock +
      "tap tile questions\nexpect_value questions.count 1\ntap q.0.edit\nexpect_screen staff-edit\n"
      "type \" tänään\"\nexpect_value edit.text \"Kuinka onnistuimme? tänään\"\n"
      "tap edit.ask.always\ntap button done\nexpect_screen staff-questions\nexpect_value questions.dirty 1\n"
      "tap button save\nexpect_value staff.message questions.saved\nexpect_value questions.dirty 0\n"
      "tap staff leave\nexpect_screen question\ntap face 2\nexpect_screen comment\ntap button skip\nexpect_screen thanks\nquit\n");
  EXPECT_RAN(r);
  TabletStore store(db());
  const auto set = store.current_question_set();
  ASSERT_TRUE(set.has_value());
  EXPECT_EQ(set->version, 4);
  EXPECT_EQ(store.current_question_set_source(), std::optional<std::string>("local"));
  EXPECT_EQ(set->questions[0].text.at("fi"), "Kuinka onnistuimme? tänään");
  EXPECT_EQ(set->questions[0].text.at("sv"), "Hur lyckades vi?");
  EXPECT_EQ(set->questions[0].follow_up.kind, FollowUp::Kind::always);
  const auto rows = responses();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].rating, 4);
  EXPECT_EQ(rows[0].question_set_version, 3);
  EXPECT_EQ(rows[1].rating, 2);
  EXPECT_EQ(rows[1].question_set_version, 4);
}

TEST_F(StaffTest, AnInvalidEditIsRefusedAndNothingIsSaved) {
  SKIP_WITHOUT_XVFB();
  configure(kOneQuestionNever, kStaffPin);
  const auto r = run_script(kUnlock +
                            "tap tile questions\nexpect_value questions.0.enabled 1\ntap q.0.toggle\n"
                            "expect_value questions.0.enabled 0\ntap button save\n"
                            "expect_value staff.message edit.error.no_active\nexpect_screen staff-questions\nquit\n");
  EXPECT_RAN(r);
  EXPECT_EQ(question_set_versions(), 1);
  EXPECT_EQ(TabletStore(db()).current_question_set()->version, 3);
}

TEST_F(StaffTest, SpokenFeedbackIsStoredAsAStaffResponse) {
  SKIP_WITHOUT_XVFB();
  configure(kOneQuestionNever, kStaffPin);
  const auto r = run_script(kUnlock +
                            "tap tile feedback\nexpect_screen staff-feedback\ntap face 2\nexpect_value feedback.rating 2\n"
                            "type \"Asiakas toivoi lisää istumapaikkoja\"\ntap button save\n"
                            "expect_value staff.message feedback.saved\nexpect_value feedback.rating 0\nquit\n");
  EXPECT_RAN(r);
  const auto rows = responses();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].channel, Channel::staff);
  EXPECT_EQ(rows[0].rating, 2);
  EXPECT_EQ(rows[0].question_id, "visit");
  EXPECT_EQ(rows[0].question_set_version, 3);
  EXPECT_EQ(rows[0].comment, std::optional<std::string>("Asiakas toivoi lisää istumapaikkoja"));
  EXPECT_EQ(rows[0].device_id, "tab-1");
}

TEST_F(StaffTest, TheFiguresScreenShowsHymyCoresFigures) {
  SKIP_WITHOUT_XVFB();
  configure(kOneQuestionNever, kStaffPin);
  const TimeZone zone("Europe/Helsinki");
  const std::int64_t now = now_ms();
  std::int64_t unit_count = 0;
  Figures f;
  {
    TabletStore store(db());
    SeedOptions o;
    o.now_ms = now;
    seed_staff_day(store, zone, o);
    f = compute_figures([&](std::int64_t a, std::int64_t b) { return store.answers_between(a, b); }, zone.date_of(now), 1, zone);
    unit_count = nlohmann::json::parse(*store.state(hymy::device_state_keys::kFiguresToday))["figures"]["current"]["count"];
  }
  ASSERT_GT(f.current.count, 0);
  std::string hourly;
  for (std::size_t h = 0; h < 24; ++h) {
    if (h > 0) hourly += ',';
    hourly += std::to_string(f.current.hourly[h]);
  }
  std::string expect = "expect_value figures.tablet.count " + std::to_string(f.current.count) + "\n" +
                       "expect_value figures.tablet.mean " + fixed(f.current.mean) + "\n" +
                       "expect_value figures.tablet.share_positive " + fixed(f.current.share_positive) + "\n" +
                       "expect_value figures.tablet.hourly " + hourly + "\n" +
                       "expect_value figures.tablet.staff_recorded " + std::to_string(f.current.staff_recorded) + "\n" +
                       "expect_value figures.tablet.flagged " + std::to_string(f.current.flagged) + "\n" +
                       "expect_value figures.tablet.yesterday.count " + std::to_string(f.previous.count) + "\n" +
                       "expect_value figures.tablet.yesterday.mean " + fixed(f.previous.mean) + "\n" +
                       "expect_value figures.tablet.week.count " + std::to_string(f.same_weekday_last_week->count) + "\n" +
                       "expect_value figures.unit.count " + std::to_string(unit_count) + "\n" +
                       "expect_value figures.comment.0 \"" + f.comments.at(0).text + "\"\n";
  for (int i = 0; i < 4; ++i)
    expect += "expect_value figures.tablet.distribution." + std::to_string(i + 1) + " " +
              std::to_string(f.current.distribution[static_cast<std::size_t>(i)]) + "\n";
  const auto r = run_script(kUnlock + "tap tile figures\nexpect_screen staff-figures\n" + expect +
                            "screenshot " + dir.file("figures.png") + "\nquit\n");
  EXPECT_RAN(r);
}

TEST_F(StaffTest, MissingUnitFiguresAReadOnlySetAndASyncErrorAreShownAsSuch) {
  SKIP_WITHOUT_XVFB();
  configure(kOneQuestionNever, kStaffPin);
  {
    TabletStore store(db());
    store.save_question_set(parse_question_set(kTwoQuestions, "set"), "hq");
    SeedOptions o;
    o.now_ms = now_ms();
    o.unit_figures = false;
    o.sync_error_kind = "auth";
    seed_staff_day(store, TimeZone("Europe/Helsinki"), o);
  }
  const auto r = run_script(kUnlock +
                            "tap tile figures\nexpect_value figures.unit.count missing\ntap staff back\n"
                            "tap tile questions\nexpect_value questions.read_only 1\ntap q.0.toggle\n"
                            "expect_value questions.0.enabled 1\nexpect_value questions.dirty 0\ntap staff back\n"
                            "tap tile health\nexpect_value health.status health.error.auth\n"
                            "expect_value health.version " HYMY_TEST_VERSION "\nexpect_value health.device_id tab-1\nquit\n");
  EXPECT_RAN(r);
  EXPECT_EQ(question_set_versions(), 1);
}

TEST_F(StaffTest, StaffModeLeavesByItselfAfterAMinute) {
  SKIP_WITHOUT_XVFB();
  configure(kOneQuestionNever, kStaffPin);
  const auto r = run_script(kUnlock + "tap tile health\nexpect_screen staff-health\nadvance_ms 59000\nwait_frames 3\n"
                            "expect_screen staff-health\nadvance_ms 1500\nexpect_screen question\nquit\n");
  EXPECT_RAN(r);
}

TEST_F(StaffTest, TheAppClosesOnlyFromStaffMode) {
  SKIP_WITHOUT_XVFB();
  configure(kOneQuestionNever, kStaffPin);
  // If the button did not close the app, the last line fails the script (exit code 3).
  const auto r = run_script(kUnlock + "tap button quit\nexpect_screen closed-by-staff\n");
  EXPECT_RAN(r);
}

TEST_F(StaffTest, WithoutAPinTheFirstVisitSetsOne) {
  SKIP_WITHOUT_XVFB();
  configure(kOneQuestionNever, "\n[staff]\npin_iterations = 1000\n");
  const auto r = run_script("press staff corner\nwait_frames 2\nadvance_ms 3100\nexpect_screen staff-set-pin\nrelease\n"
                            "tap pin 1\ntap pin 3\ntap pin 5\ntap pin 7\ntap pin ok\nexpect_value staff.message setpin.confirm\n"
                            "tap pin 1\ntap pin 3\ntap pin 5\ntap pin 7\ntap pin ok\nexpect_screen staff-home\nquit\n");
  EXPECT_RAN(r);
  const auto hash = TabletStore(db()).state(staff_keys::kPinHash);
  ASSERT_TRUE(hash.has_value());
  EXPECT_EQ(hash->find("1357"), std::string::npos);
  EXPECT_EQ(hash->rfind("pbkdf2-sha256$1000$", 0), 0u) << *hash;
}

TEST_F(StaffTest, StaffScreensRenderToPngsOverSeededData) {
  SKIP_WITHOUT_XVFB();
  configure(kOneQuestionNever, kStaffPin);
  {
    TabletStore store(db());
    SeedOptions o;
    o.now_ms = now_ms();
    seed_staff_day(store, TimeZone("Europe/Helsinki"), o);
  }
  for (const char* screen : {"staff-figures", "staff-edit"}) {
    const std::string png = dir.file(std::string(screen) + ".png");
    const auto r = run({"--screenshot", png, "--screen", screen, "--lang", "en", "--size", "1024x600"});
    EXPECT_RAN(r);
    std::ifstream in(png, std::ios::binary);
    EXPECT_TRUE(in.good()) << screen;
  }
  const auto bad = run({"--screenshot", dir.file("x.png"), "--screen", "staff-nonsense"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("staff-nonsense"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace hymy::kiosk::testing
