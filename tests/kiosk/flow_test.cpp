// The visitor's flow without a window: every rule of the kiosk issue, driven through intents,
// store results and time.
#include "flow/flow.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hymy::kiosk {
namespace {

Question question(const std::string& id, FollowUp::Kind ask = FollowUp::Kind::never, int threshold = 0) {
  Question q;
  q.id = id;
  q.text = {{"fi", id + " fi"}, {"sv", id + " sv"}, {"en", id + " en"}};
  q.follow_up.kind = ask;
  q.follow_up.threshold = threshold;
  return q;
}

QuestionSet set_of(std::vector<Question> qs) {
  QuestionSet s;
  s.unit_id = "demo";
  s.version = 7;
  s.languages = {"fi", "sv", "en"};
  s.default_language = "fi";
  s.questions = std::move(qs);
  return s;
}

FlowSettings settings() {
  FlowSettings s;
  s.device_id = "tab-1";
  s.unit_id = "demo";
  s.languages = {"fi", "sv", "en"};
  s.default_language = "fi";
  s.inactivity_ms = 30'000;
  s.thank_you_ms = 4'000;
  s.failure_ms = 6'000;
  s.rapid_repeat_ms = 5'000;
  s.commit_timeout_ms = 10'000;
  s.staff_hold_ms = 3'000;
  return s;
}

// Monday 10:00 local, `ms` into the test.
Now at(std::int64_t ms, int weekday = 0, int minute = 600) {
  Now n;
  n.mono_ms = 1'000'000 + ms;
  n.wall_ms = 1'700'000'000'000 + ms;
  n.utc_offset_min = 120;
  n.weekday = weekday;
  n.minute_of_day = minute;
  return n;
}

StoreResult ok(const StoreCommand& c) { return StoreResult{c.request_id, true, ""}; }

class FlowTest : public ::testing::Test {
 protected:
  // Taps a face and confirms the commit at once; returns the stored command.
  StoreCommand rate_and_commit(Flow& f, int rating, std::int64_t t) {
    auto cmds = f.handle(Rate{rating}, at(t));
    EXPECT_EQ(cmds.size(), 1u);
    if (cmds.empty()) return {};
    EXPECT_EQ(cmds[0].kind, StoreCommand::Kind::insert_response);
    f.on_stored(ok(cmds[0]), at(t + 5));
    return cmds[0];
  }
};

TEST_F(FlowTest, StartsOnTheFirstQuestionInTheDefaultLanguage) {
  Flow f(settings(), set_of({question("a"), question("b")}), at(0));
  EXPECT_EQ(f.state().screen, Screen::question);
  EXPECT_EQ(f.state().question_id, "a");
  EXPECT_EQ(f.state().language, "fi");
  EXPECT_EQ(f.state().question_count, 2);
  EXPECT_TRUE(f.at_rest());
}

TEST_F(FlowTest, ATapIsStoredBeforeTheThankYouShows) {
  Flow f(settings(), set_of({question("a")}), at(0));
  auto cmds = f.handle(Rate{4}, at(100));
  ASSERT_EQ(cmds.size(), 1u);
  const Response& r = cmds[0].response;
  EXPECT_EQ(r.rating, 4);
  EXPECT_EQ(r.question_id, "a");
  EXPECT_EQ(r.question_set_version, 7);
  EXPECT_EQ(r.device_id, "tab-1");
  EXPECT_EQ(r.unit_id, "demo");
  EXPECT_EQ(r.language, "fi");
  EXPECT_EQ(r.answered_at_ms, at(100).wall_ms);
  EXPECT_EQ(r.utc_offset_min, 120);
  EXPECT_EQ(r.flags, kFlagNone);
  EXPECT_EQ(r.channel, Channel::kiosk);
  EXPECT_FALSE(r.visit_id.empty());
  EXPECT_FALSE(cmds[0].awaiting_comment);
  // Not yet committed: still the question screen, however long it takes.
  EXPECT_EQ(f.state().screen, Screen::question);
  EXPECT_TRUE(f.state().storing);
  f.tick(at(5'000));
  EXPECT_EQ(f.state().screen, Screen::question);
  f.on_stored(ok(cmds[0]), at(5'100));
  EXPECT_EQ(f.state().screen, Screen::thanks);
}

TEST_F(FlowTest, AFailedCommitShowsTheCalmScreenNotThanks) {
  Flow f(settings(), set_of({question("a")}), at(0));
  auto cmds = f.handle(Rate{3}, at(100));
  ASSERT_EQ(cmds.size(), 1u);
  f.on_stored(StoreResult{cmds[0].request_id, false, "disk I/O error"}, at(150));
  EXPECT_EQ(f.state().screen, Screen::failed);
  EXPECT_EQ(f.state().failure, "disk I/O error");
  EXPECT_TRUE(f.handle(Rate{4}, at(200)).empty());  // nothing taken meanwhile
  f.tick(at(150 + 6'000));
  EXPECT_EQ(f.state().screen, Screen::question);
  EXPECT_TRUE(f.at_rest());
}

TEST_F(FlowTest, AStoreThatNeverAnswersTimesOutToTheCalmScreen) {
  Flow f(settings(), set_of({question("a")}), at(0));
  auto cmds = f.handle(Rate{3}, at(0));
  f.tick(at(9'999));
  EXPECT_EQ(f.state().screen, Screen::question);
  f.tick(at(10'000));
  EXPECT_EQ(f.state().screen, Screen::failed);
  // A late success changes nothing: the visitor never saw "thank you" for it.
  f.on_stored(ok(cmds[0]), at(10'500));
  EXPECT_EQ(f.state().screen, Screen::failed);
}

TEST_F(FlowTest, TapsWhileStoringAreIgnored) {
  Flow f(settings(), set_of({question("a")}), at(0));
  EXPECT_EQ(f.handle(Rate{3}, at(0)).size(), 1u);
  EXPECT_TRUE(f.handle(Rate{1}, at(10)).empty());
  EXPECT_EQ(f.state().chosen_rating, 3);
}

TEST_F(FlowTest, RatingsOutsideOneToFourAreRefused) {
  Flow f(settings(), set_of({question("a")}), at(0));
  EXPECT_TRUE(f.handle(Rate{0}, at(0)).empty());
  EXPECT_TRUE(f.handle(Rate{5}, at(0)).empty());
  EXPECT_FALSE(f.state().storing);
}

TEST_F(FlowTest, FollowUpNeverGoesStraightToThanks) {
  Flow f(settings(), set_of({question("a", FollowUp::Kind::never)}), at(0));
  const auto c = rate_and_commit(f, 1, 0);
  EXPECT_FALSE(c.awaiting_comment);
  EXPECT_EQ(f.state().screen, Screen::thanks);
}

TEST_F(FlowTest, FollowUpAtMostAsksOnlyForLowRatings) {
  for (int rating = 1; rating <= 4; ++rating) {
    Flow f(settings(), set_of({question("a", FollowUp::Kind::at_most, 2)}), at(0));
    const auto c = rate_and_commit(f, rating, 0);
    const bool asks = rating <= 2;
    EXPECT_EQ(c.awaiting_comment, asks) << rating;
    EXPECT_EQ(f.state().screen, asks ? Screen::comment : Screen::thanks) << rating;
  }
}

TEST_F(FlowTest, FollowUpAlwaysAsksEvenAfterTheBestRating) {
  Flow f(settings(), set_of({question("a", FollowUp::Kind::always)}), at(0));
  const auto c = rate_and_commit(f, 4, 0);
  EXPECT_TRUE(c.awaiting_comment);
  EXPECT_EQ(f.state().screen, Screen::comment);
}

TEST_F(FlowTest, SendAttachesTheTypedComment) {
  Flow f(settings(), set_of({question("a", FollowUp::Kind::always)}), at(0));
  const auto rated = rate_and_commit(f, 2, 0);
  f.handle(TypeText{"Hyvä"}, at(100));
  f.handle(TypeText{" palvelu"}, at(200));
  auto cmds = f.handle(SendComment{}, at(300));
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_EQ(cmds[0].kind, StoreCommand::Kind::attach_comment);
  EXPECT_EQ(cmds[0].response_id, rated.response.id);
  EXPECT_EQ(cmds[0].comment, "Hyvä palvelu");
  EXPECT_EQ(f.state().screen, Screen::comment);  // until the attach is committed
  f.on_stored(ok(cmds[0]), at(350));
  EXPECT_EQ(f.state().screen, Screen::thanks);
}

TEST_F(FlowTest, SkipDiscardsTheTextAndReleasesTheRating) {
  Flow f(settings(), set_of({question("a", FollowUp::Kind::always)}), at(0));
  const auto rated = rate_and_commit(f, 2, 0);
  f.handle(TypeText{"half a thought"}, at(100));
  auto cmds = f.handle(SkipComment{}, at(200));
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_EQ(cmds[0].kind, StoreCommand::Kind::close_comment);
  EXPECT_EQ(cmds[0].response_id, rated.response.id);
  EXPECT_TRUE(cmds[0].comment.empty());
  f.on_stored(ok(cmds[0]), at(250));
  EXPECT_EQ(f.state().screen, Screen::thanks);
}

TEST_F(FlowTest, SendWithNothingTypedOnlyClosesTheComment) {
  Flow f(settings(), set_of({question("a", FollowUp::Kind::always)}), at(0));
  rate_and_commit(f, 1, 0);
  f.handle(TypeText{"   "}, at(50));
  auto cmds = f.handle(SendComment{}, at(100));
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_EQ(cmds[0].kind, StoreCommand::Kind::close_comment);
}

TEST_F(FlowTest, LeavingMidCommentDiscardsTheDraftButKeepsTheRating) {
  Flow f(settings(), set_of({question("a", FollowUp::Kind::always)}), at(0));
  const auto rated = rate_and_commit(f, 1, 0);
  f.handle(TypeText{"Odotin kaksi tuntia"}, at(1'000));
  EXPECT_TRUE(f.tick(at(30'999)).empty());
  auto cmds = f.tick(at(31'000));
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_EQ(cmds[0].kind, StoreCommand::Kind::close_comment);  // never attach_comment
  EXPECT_EQ(cmds[0].response_id, rated.response.id);
  EXPECT_EQ(f.state().screen, Screen::question);
  EXPECT_TRUE(f.state().comment.text.empty());
  EXPECT_TRUE(f.at_rest());
}

TEST_F(FlowTest, CommentIsLimitedTo500Characters) {
  Flow f(settings(), set_of({question("a", FollowUp::Kind::always)}), at(0));
  rate_and_commit(f, 1, 0);
  f.handle(TypeText{std::string(490, 'a')}, at(10));
  f.handle(TypeText{"ääääääääääää"}, at(20));  // 12 two-byte letters; only 10 fit
  const std::string& text = f.state().comment.text;
  EXPECT_EQ(text.size(), 490u + 10u * 2u);
  f.handle(TypeText{"x"}, at(30));
  EXPECT_EQ(text.size(), 510u);
  f.handle(Backspace{}, at(40));  // removes a whole ä, not half of it
  EXPECT_EQ(f.state().comment.text.size(), 508u);
}

TEST_F(FlowTest, InvalidUtf8AndControlCharactersNeverReachTheDraft) {
  Flow f(settings(), set_of({question("a", FollowUp::Kind::always)}), at(0));
  rate_and_commit(f, 1, 0);
  f.handle(TypeText{std::string("ok\x01\xff\xc3") + "!"}, at(10));
  EXPECT_EQ(f.state().comment.text, "ok!");
}

TEST_F(FlowTest, KeyboardShiftIsOneShotAndPagesToggle) {
  Flow f(settings(), set_of({question("a", FollowUp::Kind::always)}), at(0));
  rate_and_commit(f, 1, 0);
  EXPECT_TRUE(f.state().comment.shift);  // a comment starts with a capital
  f.handle(TypeText{"H"}, at(10));
  EXPECT_FALSE(f.state().comment.shift);
  f.handle(ToggleShift{}, at(20));
  EXPECT_TRUE(f.state().comment.shift);
  f.handle(ToggleSymbols{}, at(30));
  EXPECT_TRUE(f.state().comment.symbols);
  f.handle(Backspace{}, at(40));
  EXPECT_TRUE(f.state().comment.text.empty());
  EXPECT_TRUE(f.state().comment.shift);
}

TEST_F(FlowTest, SeveralQuestionsAreOneVisit) {
  Flow f(settings(), set_of({question("a"), question("b", FollowUp::Kind::always), question("c")}), at(0));
  const auto a = rate_and_commit(f, 4, 0);
  EXPECT_EQ(f.state().screen, Screen::question);
  EXPECT_EQ(f.state().question_id, "b");
  EXPECT_EQ(f.state().question_position, 1);
  const auto b = rate_and_commit(f, 2, 1'000);
  EXPECT_EQ(f.state().screen, Screen::comment);
  auto skip = f.handle(SkipComment{}, at(2'000));
  f.on_stored(ok(skip[0]), at(2'010));
  EXPECT_EQ(f.state().question_id, "c");
  const auto c = rate_and_commit(f, 3, 3'000);
  EXPECT_EQ(f.state().screen, Screen::thanks);
  EXPECT_EQ(a.response.visit_id, b.response.visit_id);
  EXPECT_EQ(b.response.visit_id, c.response.visit_id);
  EXPECT_NE(a.response.id, b.response.id);
  // The next visitor gets a new visit.
  f.tick(at(3'005 + 4'000));
  const auto next = rate_and_commit(f, 4, 20'000);
  EXPECT_NE(next.response.visit_id, a.response.visit_id);
}

TEST_F(FlowTest, StoppingMidVisitKeepsWhatWasAnswered) {
  Flow f(settings(), set_of({question("a"), question("b")}), at(0));
  rate_and_commit(f, 4, 0);
  ASSERT_EQ(f.state().question_id, "b");
  // Walking away: nothing more is stored, the kiosk returns to the start for the next visitor.
  EXPECT_TRUE(f.tick(at(30'005)).empty());
  EXPECT_EQ(f.state().question_id, "a");
  EXPECT_TRUE(f.at_rest());
}

TEST_F(FlowTest, FinishEndsTheVisitWithThanks) {
  Flow f(settings(), set_of({question("a"), question("b")}), at(0));
  f.handle(FinishVisit{}, at(0));  // nothing answered yet: no finish
  EXPECT_EQ(f.state().screen, Screen::question);
  rate_and_commit(f, 3, 0);
  f.handle(FinishVisit{}, at(100));
  EXPECT_EQ(f.state().screen, Screen::thanks);
}

TEST_F(FlowTest, TapsDuringThankYouAreIgnored) {
  Flow f(settings(), set_of({question("a")}), at(0));
  rate_and_commit(f, 4, 0);
  ASSERT_EQ(f.state().screen, Screen::thanks);
  EXPECT_TRUE(f.handle(Rate{1}, at(100)).empty());
  EXPECT_TRUE(f.handle(ChooseLanguage{"sv"}, at(200)).empty());
  EXPECT_EQ(f.state().language, "fi");
  f.tick(at(4'004));
  EXPECT_EQ(f.state().screen, Screen::thanks);
  f.tick(at(4'005));
  EXPECT_EQ(f.state().screen, Screen::question);
}

TEST_F(FlowTest, RapidRepeatsAreStoredButFlagged) {
  Flow f(settings(), set_of({question("a")}), at(0));
  const auto first = rate_and_commit(f, 4, 0);
  f.tick(at(4'005));
  const auto second = rate_and_commit(f, 4, 4'100);  // 4.1 s after the first: under 5 s
  f.tick(at(8'200));
  const auto third = rate_and_commit(f, 4, 9'200);   // 5.1 s after the second
  EXPECT_EQ(first.response.flags & kFlagRapidRepeat, 0u);
  EXPECT_NE(second.response.flags & kFlagRapidRepeat, 0u);
  EXPECT_EQ(third.response.flags & kFlagRapidRepeat, 0u);
}

TEST_F(FlowTest, QuestionsOfOneVisitAreNotRapidRepeatsOfEachOther) {
  Flow f(settings(), set_of({question("a"), question("b")}), at(0));
  rate_and_commit(f, 4, 0);
  const auto b = rate_and_commit(f, 4, 800);
  EXPECT_EQ(b.response.flags & kFlagRapidRepeat, 0u);
}

TEST_F(FlowTest, LanguageSwitchIsUsedForTheAnswerAndResetByInactivity) {
  Flow f(settings(), set_of({question("a")}), at(0));
  f.handle(ChooseLanguage{"sv"}, at(0));
  EXPECT_EQ(f.state().language, "sv");
  f.handle(ChooseLanguage{"de"}, at(10));  // not offered
  EXPECT_EQ(f.state().language, "sv");
  EXPECT_FALSE(f.at_rest());
  f.tick(at(30'010));
  EXPECT_EQ(f.state().language, "fi");
  f.handle(ChooseLanguage{"en"}, at(40'000));
  const auto c = rate_and_commit(f, 3, 40'100);
  EXPECT_EQ(c.response.language, "en");
  f.tick(at(40'105 + 4'000));
  EXPECT_EQ(f.state().language, "fi");  // the next visitor starts in the default language
}

TEST_F(FlowTest, ActivityKeepsAVisitAlive) {
  Flow f(settings(), set_of({question("a"), question("b")}), at(0));
  rate_and_commit(f, 3, 0);
  f.note_activity(at(25'000));
  f.tick(at(40'000));
  EXPECT_EQ(f.state().question_id, "b");
  f.tick(at(55'000));
  EXPECT_EQ(f.state().question_id, "a");
}

TEST_F(FlowTest, ClosedOutsideTheScheduleAndTakesNoAnswers) {
  Question q = question("a");
  q.schedule.windows.push_back(ScheduleWindow{0x1f, 8 * 60, 16 * 60});  // Mon-Fri 8-16
  Flow f(settings(), set_of({q}), at(0, 0, 7 * 60));  // Monday 7:00
  EXPECT_EQ(f.state().screen, Screen::closed);
  EXPECT_TRUE(f.handle(Rate{4}, at(10, 0, 7 * 60)).empty());
  f.tick(at(60'000, 0, 8 * 60));
  EXPECT_EQ(f.state().screen, Screen::question);
  f.tick(at(120'000, 0, 16 * 60));
  EXPECT_EQ(f.state().screen, Screen::closed);
  f.tick(at(180'000, 5, 10 * 60));  // Saturday
  EXPECT_EQ(f.state().screen, Screen::closed);
}

TEST_F(FlowTest, ClosingTimeDoesNotCutAVisitShort) {
  Question a = question("a", FollowUp::Kind::always);
  a.schedule.windows.push_back(ScheduleWindow{0x7f, 8 * 60, 16 * 60});
  Flow f(settings(), set_of({a}), at(0, 0, 16 * 60 - 1));
  rate_and_commit(f, 2, 0);
  ASSERT_EQ(f.state().screen, Screen::comment);
  f.tick(at(1'000, 0, 16 * 60));
  EXPECT_EQ(f.state().screen, Screen::comment);
}

TEST_F(FlowTest, DisabledQuestionsAreNotAsked) {
  Question b = question("b");
  b.enabled = false;
  Flow f(settings(), set_of({question("a"), b, question("c")}), at(0));
  EXPECT_EQ(f.state().question_count, 2);
  rate_and_commit(f, 3, 0);
  EXPECT_EQ(f.state().question_id, "c");
}

TEST_F(FlowTest, LongPressInTheCornerOpensStaffModeAndBackReturns) {
  Flow f(settings(), set_of({question("a")}), at(0));
  f.tick(at(0), true);
  f.tick(at(2'999), true);
  EXPECT_EQ(f.state().screen, Screen::question);
  f.tick(at(3'000), true);
  EXPECT_EQ(f.state().screen, Screen::staff);
  f.handle(LeaveStaff{}, at(4'000));
  EXPECT_EQ(f.state().screen, Screen::question);
}

TEST_F(FlowTest, AShortPressInTheCornerIsNothing) {
  Flow f(settings(), set_of({question("a")}), at(0));
  f.tick(at(0), true);
  f.tick(at(1'000), false);
  f.tick(at(2'000), true);
  f.tick(at(4'500), true);
  EXPECT_EQ(f.state().screen, Screen::question);
}

TEST_F(FlowTest, ANewQuestionSetWaitsForTheEndOfAVisit) {
  Flow f(settings(), set_of({question("a"), question("b")}), at(0));
  rate_and_commit(f, 3, 0);
  QuestionSet next = set_of({question("z")});
  next.version = 8;
  EXPECT_FALSE(f.offer_question_set(next, at(100)));
  EXPECT_EQ(f.question_set().version, 7);
  f.tick(at(31'000));
  EXPECT_TRUE(f.offer_question_set(next, at(31'000)));
  EXPECT_EQ(f.state().question_id, "z");
  const auto c = rate_and_commit(f, 4, 32'000);
  EXPECT_EQ(c.response.question_set_version, 8);
}

TEST_F(FlowTest, DeadlinesLetTheLoopSleep) {
  Flow f(settings(), set_of({question("a"), question("b")}), at(0));
  EXPECT_FALSE(f.next_deadline_ms().has_value());  // at rest: nothing to wake up for
  rate_and_commit(f, 3, 0);
  ASSERT_TRUE(f.next_deadline_ms().has_value());
  EXPECT_EQ(*f.next_deadline_ms(), at(0).mono_ms + 30'000);
}

TEST(ScreenNames, RoundTrip) {
  for (const auto s : {Screen::question, Screen::comment, Screen::thanks, Screen::closed, Screen::failed, Screen::staff})
    EXPECT_EQ(screen_from_string(to_string(s)), s);
  EXPECT_FALSE(screen_from_string("nope"));
}

}  // namespace
}  // namespace hymy::kiosk
