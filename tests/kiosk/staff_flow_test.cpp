// Staff mode without a window: the PIN's waits and lock, what unlocking allows, the question
// editor's rules (read-only sets from HQ, refused edits, new versions), spoken feedback, and the
// visitor flow's way into and out of staff mode.
#include "flow/staff_flow.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "flow/flow.hpp"
#include "flow/pin_guard.hpp"
#include "flow/question_edit.hpp"

namespace hymy::kiosk {
namespace {

Now at(std::int64_t ms) {
  Now n;
  n.mono_ms = 5'000'000 + ms;
  n.wall_ms = 1'800'000'000'000 + ms;
  n.utc_offset_min = 120;
  n.minute_of_day = 600;
  return n;
}

StaffSettings settings() {
  StaffSettings s;
  s.device_id = "tab-1";
  s.unit_id = "demo";
  s.languages = {"fi", "sv", "en"};
  s.default_language = "fi";
  return s;
}

QuestionSet two_questions(std::int64_t version = 3) {
  QuestionSet s;
  s.unit_id = "demo";
  s.version = version;
  s.languages = {"fi", "sv"};
  s.default_language = "fi";
  for (const char* id : {"a", "b"}) {
    Question q;
    q.id = id;
    q.text = {{"fi", std::string(id) + " fi"}, {"sv", std::string(id) + " sv"}};
    s.questions.push_back(q);
  }
  return s;
}

StaffResult ok_result(const StaffCommand& c) {
  StaffResult r;
  r.request_id = c.request_id;
  r.kind = c.kind;
  r.ok = true;
  return r;
}

// Types `pin` and presses OK; returns the commands of the OK.
std::vector<StaffCommand> type_pin(StaffFlow& f, const std::string& pin, std::int64_t t) {
  for (char c : pin) f.handle(PinDigit{c - '0'}, at(t));
  return f.handle(PinSubmit{}, at(t)).commands;
}

// Unlocks with a right PIN at time t and answers the question-set load with `set` from `source`.
void unlock(StaffFlow& f, std::int64_t t, const QuestionSet& set = two_questions(), const std::string& source = "local") {
  const auto cmds = type_pin(f, "2468", t);
  ASSERT_EQ(cmds.size(), 1u);
  const StaffOutput out = f.on_result(ok_result(cmds[0]), at(t + 100));
  ASSERT_EQ(f.state().screen, StaffScreen::home);
  ASSERT_EQ(out.commands.size(), 1u);
  ASSERT_EQ(out.commands[0].kind, StaffCommand::Kind::load_questions);
  StaffResult r = ok_result(out.commands[0]);
  r.set = set;
  r.set_source = source;
  f.on_result(r, at(t + 150));
}

TEST(PinGuard, WaitsGrowThenLockAfterFiveWrongPins) {
  const PinRules rules;
  PinGuard g;
  std::vector<std::int64_t> waits;
  for (int i = 0; i < 6; ++i) {
    g = after_wrong_pin(g, 1000, rules);
    waits.push_back(pin_wait_ms(g, 1000, rules));
    EXPECT_EQ(pin_locked(g, 1000, rules), i >= 4) << "after " << i + 1 << " wrong PINs";
  }
  EXPECT_EQ(waits, (std::vector<std::int64_t>{1'000, 2'000, 4'000, 8'000, 300'000, 300'000}));
  EXPECT_EQ(pin_wait_ms(g, 1000 + 300'000, rules), 0);
  EXPECT_FALSE(pin_locked(g, 1000 + 300'000, rules));
}

TEST(PinGuard, AClockSetBackNeverStretchesTheLock) {
  const PinRules rules;
  PinGuard g{5, 10'000'000};
  EXPECT_EQ(pin_wait_ms(g, 0, rules), rules.lock_ms);  // the clock jumped back hours
}

TEST(PinGuard, SurvivesEncodingAndADamagedRecordLocks) {
  const PinRules rules;
  const PinGuard g{3, 123'456'789};
  EXPECT_EQ(decode_pin_guard(encode_pin_guard(g), 0, rules), g);
  for (const char* bad : {"", "x", "3", "3 12 9", "-1 5"}) {
    const PinGuard d = decode_pin_guard(bad, 1'000, rules);
    EXPECT_TRUE(pin_locked(d, 1'000, rules)) << "'" << bad << "'";
  }
}

TEST(StaffFlow, WithoutAPinItAsksToSetOneTwice) {
  StaffFlow f(settings(), false, {});
  f.enter(at(0));
  EXPECT_EQ(f.state().screen, StaffScreen::set_pin);
  EXPECT_TRUE(type_pin(f, "12", 0).empty());
  EXPECT_EQ(f.state().message.key, "setpin.too_short");
  EXPECT_TRUE(type_pin(f, "1357", 0).empty());
  EXPECT_EQ(f.state().message.key, "setpin.confirm");
  EXPECT_TRUE(type_pin(f, "1358", 0).empty());
  EXPECT_EQ(f.state().message.key, "setpin.mismatch");
  EXPECT_TRUE(type_pin(f, "1357", 0).empty());
  const auto cmds = type_pin(f, "1357", 0);
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_EQ(cmds[0].kind, StaffCommand::Kind::set_pin);
  EXPECT_EQ(cmds[0].pin, "1357");
  f.on_result(ok_result(cmds[0]), at(100));
  EXPECT_EQ(f.state().screen, StaffScreen::home);
  EXPECT_TRUE(f.state().has_pin);
}

TEST(StaffFlow, ARightPinUnlocksAndResetsTheGuard) {
  StaffFlow f(settings(), true, PinGuard{2, 0});
  f.enter(at(0));
  EXPECT_EQ(f.state().screen, StaffScreen::pin);
  const auto cmds = type_pin(f, "2468", 0);
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_EQ(cmds[0].kind, StaffCommand::Kind::verify_pin);
  EXPECT_EQ(cmds[0].pin, "2468");
  // What the store must write before it checks: this attempt counted as the third wrong one.
  EXPECT_EQ(cmds[0].guard_if_wrong, (PinGuard{3, at(0).wall_ms + 4'000}));
  EXPECT_TRUE(f.state().busy);
  EXPECT_TRUE(f.handle(PinSubmit{}, at(10)).commands.empty());  // one check at a time
  f.on_result(ok_result(cmds[0]), at(100));
  EXPECT_EQ(f.state().screen, StaffScreen::home);
  EXPECT_EQ(f.state().guard, PinGuard{});
  EXPECT_TRUE(f.state().pin_entry.empty());
}

TEST(StaffFlow, WrongPinsBringGrowingWaitsAndThenALock) {
  StaffFlow f(settings(), true, {});
  f.enter(at(0));
  std::int64_t t = 0;
  const std::int64_t expected_waits[] = {1'000, 2'000, 4'000, 8'000, 300'000};
  for (int i = 0; i < 5; ++i) {
    const auto cmds = type_pin(f, "1111", t);
    ASSERT_EQ(cmds.size(), 1u) << "attempt " << i + 1;
    StaffResult wrong = ok_result(cmds[0]);
    wrong.ok = false;
    f.on_result(wrong, at(t));
    EXPECT_EQ(f.state().screen, StaffScreen::pin);
    EXPECT_EQ(f.state().guard.failures, i + 1);
    EXPECT_EQ(f.pin_wait_ms(at(t)), expected_waits[i]);
    // Nothing is typed or checked while waiting.
    f.handle(PinDigit{2}, at(t + 1));
    EXPECT_TRUE(f.state().pin_entry.empty());
    EXPECT_TRUE(f.handle(PinSubmit{}, at(t + 1)).commands.empty());
    t += expected_waits[i];
  }
  EXPECT_FALSE(f.pin_locked(at(t)));
  EXPECT_TRUE(f.pin_locked(at(t - 1)));
  EXPECT_EQ(f.state().message.key, "pin.locked");
  // After the lock a right PIN still works.
  const auto cmds = type_pin(f, "2468", t);
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_EQ(cmds[0].guard_if_wrong.failures, 6);
  f.on_result(ok_result(cmds[0]), at(t + 100));
  EXPECT_EQ(f.state().screen, StaffScreen::home);
}

TEST(StaffFlow, ALockFromTheDatabaseHoldsAfterARestart) {
  const PinGuard stored{5, at(0).wall_ms + 200'000};
  StaffFlow f(settings(), true, stored);
  f.enter(at(0));
  EXPECT_TRUE(f.pin_locked(at(0)));
  EXPECT_TRUE(type_pin(f, "2468", 0).empty());
  EXPECT_TRUE(type_pin(f, "2468", 200'000).size() == 1u);
}

TEST(StaffFlow, MaintenanceExitNeedsThePin) {
  StaffFlow f(settings(), true, {});
  f.enter(at(0));
  EXPECT_FALSE(f.handle(StaffQuit{}, at(0)).quit);
  EXPECT_FALSE(f.handle(StaffWindowed{}, at(0)).windowed);
  EXPECT_TRUE(f.handle(StaffGo{StaffScreen::figures}, at(0)).commands.empty());
  EXPECT_EQ(f.state().screen, StaffScreen::pin);
  unlock(f, 0);
  EXPECT_TRUE(f.handle(StaffQuit{}, at(1000)).quit);
  EXPECT_TRUE(f.handle(StaffWindowed{}, at(1000)).windowed);
  // Entering again starts at the pad.
  f.enter(at(2000));
  EXPECT_EQ(f.state().screen, StaffScreen::pin);
  EXPECT_FALSE(f.handle(StaffQuit{}, at(2000)).quit);
}

TEST(StaffFlow, BackFromThePadAndHomeLeavesStaffMode) {
  StaffFlow f(settings(), true, {});
  f.enter(at(0));
  EXPECT_TRUE(f.handle(StaffBack{}, at(0)).leave);
  unlock(f, 0);
  EXPECT_TRUE(f.handle(StaffBack{}, at(0)).leave);
  EXPECT_TRUE(f.handle(StaffLeave{}, at(0)).leave);
}

TEST(StaffFlow, EachScreenAsksForItsData) {
  StaffFlow f(settings(), true, {});
  f.enter(at(0));
  unlock(f, 0);
  const auto figures = f.handle(StaffGo{StaffScreen::figures}, at(10)).commands;
  ASSERT_EQ(figures.size(), 1u);
  EXPECT_EQ(figures[0].kind, StaffCommand::Kind::load_figures);
  f.handle(StaffBack{}, at(20));
  const auto health = f.handle(StaffGo{StaffScreen::health}, at(30)).commands;
  ASSERT_EQ(health.size(), 1u);
  EXPECT_EQ(health[0].kind, StaffCommand::Kind::load_health);
}

TEST(StaffFlow, EditingMakesANewVersionWithTheChange) {
  StaffFlow f(settings(), true, {});
  f.enter(at(0));
  unlock(f, 0);
  f.handle(StaffGo{StaffScreen::questions}, at(10));
  f.handle(EditQuestion{1}, at(20));
  ASSERT_EQ(f.state().screen, StaffScreen::edit);
  EXPECT_EQ(f.state().edit_language, "fi");
  f.handle(TypeText{" uusi"}, at(30));
  f.handle(EditLanguage{"sv"}, at(31));
  f.handle(Backspace{}, at(32));
  f.handle(SetFollowUp{FollowUp{FollowUp::Kind::at_most, 2}}, at(33));
  f.handle(SetAlwaysOpen{false}, at(34));
  f.handle(EditDone{}, at(40));
  f.handle(MoveQuestion{1, -1}, at(41));
  EXPECT_TRUE(f.state().dirty);
  const auto cmds = f.handle(SaveQuestions{}, at(50)).commands;
  ASSERT_EQ(cmds.size(), 1u);
  const QuestionSet& s = cmds[0].set;
  EXPECT_EQ(s.version, 4);
  ASSERT_EQ(s.questions.size(), 2u);
  EXPECT_EQ(s.questions[0].id, "b");
  EXPECT_EQ(s.questions[0].text.at("fi"), "b fi uusi");
  EXPECT_EQ(s.questions[0].text.at("sv"), "b s");
  EXPECT_EQ(s.questions[0].follow_up, (FollowUp{FollowUp::Kind::at_most, 2}));
  ASSERT_EQ(s.questions[0].schedule.windows.size(), 1u);
  StaffResult saved = ok_result(cmds[0]);
  saved.set = s;
  const StaffOutput out = f.on_result(saved, at(60));
  ASSERT_TRUE(out.new_set.has_value());
  EXPECT_EQ(out.new_set->version, 4);
  EXPECT_FALSE(f.state().dirty);
  EXPECT_EQ(f.state().message.key, "questions.saved");
}

TEST(StaffFlow, InvalidEditsAreRefusedWithWhatToFix) {
  StaffFlow f(settings(), true, {});
  f.enter(at(0));
  unlock(f, 0);
  f.handle(StaffGo{StaffScreen::questions}, at(10));
  // An empty Swedish text.
  f.handle(EditQuestion{0}, at(20));
  f.handle(EditLanguage{"sv"}, at(21));
  for (int i = 0; i < 4; ++i) f.handle(Backspace{}, at(22));
  f.handle(EditDone{}, at(23));
  EXPECT_TRUE(f.handle(SaveQuestions{}, at(24)).commands.empty());
  EXPECT_EQ(f.state().message.key, "edit.error.empty_text");
  EXPECT_EQ(f.state().message.args, (std::vector<std::pair<std::string, std::string>>{{"question", "1"}, {"language", "sv"}}));
  f.handle(DiscardQuestions{}, at(25));
  // No active question.
  f.handle(ToggleQuestion{0}, at(30));
  f.handle(ToggleQuestion{1}, at(31));
  EXPECT_TRUE(f.handle(SaveQuestions{}, at(32)).commands.empty());
  EXPECT_EQ(f.state().message.key, "edit.error.no_active");
  f.handle(DiscardQuestions{}, at(33));
  // Overlapping time windows.
  f.handle(EditQuestion{0}, at(40));
  f.handle(SetAlwaysOpen{false}, at(41));  // Mon-Fri 08:00-16:00
  f.handle(AddWindow{}, at(42));           // Sat-Sun 10:00-14:00
  f.handle(ToggleDay{1, 0}, at(43));       // ... and Monday
  f.handle(EditDone{}, at(44));
  EXPECT_TRUE(f.handle(SaveQuestions{}, at(45)).commands.empty());
  EXPECT_EQ(f.state().message.key, "edit.error.overlap");
  EXPECT_TRUE(f.state().message.error);
}

TEST(StaffFlow, ASetFromHqIsReadOnly) {
  StaffFlow f(settings(), true, {});
  f.enter(at(0));
  unlock(f, 0, two_questions(), "hq");
  EXPECT_TRUE(f.read_only());
  f.handle(StaffGo{StaffScreen::questions}, at(10));
  f.handle(ToggleQuestion{0}, at(11));
  f.handle(MoveQuestion{1, -1}, at(12));
  f.handle(RemoveQuestion{0}, at(13));
  f.handle(EditQuestion{-1}, at(14));
  EXPECT_EQ(f.state().screen, StaffScreen::questions);
  EXPECT_EQ(f.state().draft, two_questions());
  EXPECT_FALSE(f.state().dirty);
  EXPECT_TRUE(f.handle(SaveQuestions{}, at(15)).commands.empty());
  EXPECT_EQ(f.state().message.key, "questions.read_only");
  // Preview is still allowed: it changes nothing.
  f.handle(PreviewQuestion{1}, at(16));
  EXPECT_EQ(f.state().screen, StaffScreen::preview);
}

TEST(StaffFlow, SpokenFeedbackIsAStaffChannelResponse) {
  StaffFlow f(settings(), true, {});
  f.enter(at(0));
  unlock(f, 0);
  f.handle(StaffGo{StaffScreen::feedback}, at(10));
  EXPECT_TRUE(f.handle(SaveFeedback{}, at(11)).commands.empty());
  EXPECT_EQ(f.state().message.key, "feedback.need_rating");
  f.handle(FeedbackRating{2}, at(12));
  f.handle(FeedbackQuestion{"b"}, at(13));
  f.handle(TypeText{"Parkki oli täynnä"}, at(14));
  const auto cmds = f.handle(SaveFeedback{}, at(15)).commands;
  ASSERT_EQ(cmds.size(), 1u);
  const Response& r = cmds[0].response;
  EXPECT_EQ(r.channel, Channel::staff);
  EXPECT_EQ(r.rating, 2);
  EXPECT_EQ(r.question_id, "b");
  EXPECT_EQ(r.question_set_version, 3);
  EXPECT_EQ(r.comment, std::optional<std::string>("Parkki oli täynnä"));
  EXPECT_EQ(r.device_id, "tab-1");
  EXPECT_EQ(r.answered_at_ms, at(15).wall_ms);
  EXPECT_FALSE(r.id.empty());
  f.on_result(ok_result(cmds[0]), at(20));
  EXPECT_EQ(f.state().feedback_rating, 0);
  EXPECT_TRUE(f.state().feedback_note.text.empty());
  EXPECT_EQ(f.state().message.key, "feedback.saved");
}

TEST(QuestionEdit, ChecksWhatStaffCanGetWrong) {
  QuestionSet s = two_questions();
  EXPECT_FALSE(check_edited_set(s).has_value());
  s.questions[1].schedule.windows = {ScheduleWindow{0x01, 600, 480}};
  ASSERT_TRUE(check_edited_set(s).has_value());
  EXPECT_EQ(check_edited_set(s)->key, "edit.error.times");
  s.questions[1].schedule.windows = {ScheduleWindow{0x00, 480, 600}};
  EXPECT_EQ(check_edited_set(s)->key, "edit.error.no_days");
  // Same hours on different days do not overlap; touching windows do not either.
  s.questions[1].schedule.windows = {ScheduleWindow{0x01, 480, 600}, ScheduleWindow{0x02, 480, 600},
                                     ScheduleWindow{0x01, 600, 700}};
  EXPECT_FALSE(check_edited_set(s).has_value());
  s.questions[1].schedule.windows.push_back(ScheduleWindow{0x01, 599, 610});
  EXPECT_EQ(check_edited_set(s)->key, "edit.error.overlap");
  EXPECT_EQ(new_question_id(two_questions()), "q1");
}

TEST(VisitorFlow, StaffModeLeavesByItselfAfterAMinute) {
  FlowSettings fs;
  fs.languages = {"fi"};
  fs.default_language = "fi";
  fs.inactivity_ms = 30'000;
  fs.staff_idle_ms = 60'000;
  fs.staff_hold_ms = 3'000;
  QuestionSet set = two_questions();
  Flow flow(fs, set, at(0));
  flow.tick(at(0), true);
  flow.tick(at(3'000), true);
  ASSERT_EQ(flow.state().screen, Screen::staff);
  EXPECT_EQ(flow.next_deadline_ms(), at(3'000).mono_ms + 60'000);
  flow.tick(at(40'000));  // the visitors' 30 s do not apply
  EXPECT_EQ(flow.state().screen, Screen::staff);
  flow.note_activity(at(50'000));
  flow.tick(at(109'999));
  EXPECT_EQ(flow.state().screen, Screen::staff);
  flow.tick(at(110'000));
  EXPECT_EQ(flow.state().screen, Screen::question);
}

}  // namespace
}  // namespace hymy::kiosk
