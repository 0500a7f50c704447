#include "hymy/tablet_store.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "hymy/clock.hpp"
#include "test_support.hpp"

namespace hymy {
namespace {

using testing::make_response;

class TabletStoreTest : public ::testing::Test {
 protected:
  testing::TempDir dir;
  TabletStore store{dir.file("tablet.db")};
};

TEST_F(TabletStoreTest, OpensWithDurableSettings) {
  auto& db = store.database();
  auto mode = db.prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.step());
  EXPECT_EQ(mode.text(0), "wal");
  auto sync = db.prepare("PRAGMA synchronous");
  ASSERT_TRUE(sync.step());
  EXPECT_EQ(sync.int32(0), 2);  // FULL
  EXPECT_EQ(db.application_id(), TabletStore::kApplicationId);
  EXPECT_EQ(db.user_version(), static_cast<int>(TabletStore::migrations().size()));
}

mode_t permission_bits(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

TEST_F(TabletStoreTest, CreatesDatabaseAndWalOwnerOnly) {
  store.insert_response(make_response(1, 1795420612345));  // a write opens the -wal file
  EXPECT_EQ(permission_bits(dir.file("tablet.db")), 0600u);
  EXPECT_EQ(permission_bits(dir.file("tablet.db") + "-wal"), 0600u);
  EXPECT_EQ(permission_bits(dir.file("tablet.db") + "-shm"), 0600u);
}

TEST_F(TabletStoreTest, ResponseRoundTrip) {
  auto r = make_response(3, 1795420612345);
  r.comment = "Hyvä palvelu";
  r.flags = kFlagRapidRepeat;
  r.channel = Channel::staff;
  r.utc_offset_min = 180;
  store.insert_response(r);
  auto back = store.find_response(r.id);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, r);
  EXPECT_EQ(store.response_count(), 1);
}

TEST_F(TabletStoreTest, RefusesInvalidRatingAndDuplicateId) {
  auto r = make_response(5, 1);
  EXPECT_THROW(store.insert_response(r), std::invalid_argument);
  r.rating = 2;
  store.insert_response(r);
  EXPECT_THROW(store.insert_response(r), sqlite::Error);
  EXPECT_EQ(store.response_count(), 1);
}

TEST_F(TabletStoreTest, CommentIsCleanedAndMaskedBeforeStoring) {
  auto r = make_response(1, now_ms());
  store.insert_response(r, /*awaiting_comment=*/true);
  EXPECT_EQ(store.attach_comment(r.id, "Soita 040 123 4567\x01 kiitos"), "");
  auto back = store.find_response(r.id);
  ASSERT_TRUE(back && back->comment);
  EXPECT_EQ(back->comment->find("040"), std::string::npos) << *back->comment;
  EXPECT_NE(back->comment->find("kiitos"), std::string::npos);
  EXPECT_NE(store.attach_comment(r.id, std::string("bad \xff utf8")), "");
}

TEST_F(TabletStoreTest, OutboxHoldsBackAnswersAwaitingACommentForAWhile) {
  const std::int64_t t = 1795420612345;
  auto waiting = make_response(1, t);
  auto done = make_response(4, t);
  store.insert_response(waiting, true);
  store.insert_response(done, false);

  auto now = store.outbox(10, t + 1000);
  ASSERT_EQ(now.size(), 1u);
  EXPECT_EQ(now[0].id, done.id);

  // A visitor who walked off mid-comment: the rating goes anyway after the wait.
  EXPECT_EQ(store.outbox(10, t + TabletStore::kCommentWaitMs + 1).size(), 2u);

  store.close_comment(waiting.id);
  EXPECT_EQ(store.outbox(10, t + 1000).size(), 2u);
}

TEST_F(TabletStoreTest, OutboxInIdOrderAndMarking) {
  std::vector<Response> rs;
  for (int i = 0; i < 5; ++i) {
    rs.push_back(make_response(i % 4 + 1, 1000 + i));
    store.insert_response(rs.back());
  }
  auto batch = store.outbox(3, now_ms());
  ASSERT_EQ(batch.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(batch[i].id, rs[i].id);

  store.mark_sent({rs[0].id, rs[1].id}, 5000);
  store.mark_rejected({{rs[2].id, "rating: expected 1..4"}});
  EXPECT_EQ(store.unsent_count(), 2);
  auto next = store.outbox(10, now_ms());
  ASSERT_EQ(next.size(), 2u);
  EXPECT_EQ(next[0].id, rs[3].id);
  auto rejected = store.rejected();
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].reason, "rating: expected 1..4");
  // A comment cannot be attached after the answer went to HQ.
  EXPECT_NE(store.attach_comment(rs[0].id, "myöhässä"), "");
}

TEST_F(TabletStoreTest, RecordsABatchReplyAtOnce) {
  auto a = make_response(4, 1000);
  auto b = make_response(1, 1001);
  auto c = make_response(2, 1002);
  for (auto* r : {&a, &b, &c}) store.insert_response(*r);
  store.record_delivery({a.id, c.id}, {{b.id, "question_id: unknown"}}, 7000);
  EXPECT_EQ(store.unsent_count(), 0);
  ASSERT_EQ(store.rejected().size(), 1u);
  EXPECT_EQ(store.rejected()[0].id, b.id);
  store.checkpoint();
  EXPECT_EQ(store.database().integrity_check(), "ok");
}

TEST_F(TabletStoreTest, PurgesOnlyAcknowledgedOldAnswers) {
  auto old_sent = make_response(4, 1000);
  auto old_unsent = make_response(4, 1000);
  auto new_sent = make_response(4, 900000);
  for (auto* r : {&old_sent, &old_unsent, &new_sent}) store.insert_response(*r);
  store.mark_sent({old_sent.id, new_sent.id}, 950000);
  EXPECT_EQ(store.purge_sent(500000), 1);
  EXPECT_FALSE(store.find_response(old_sent.id));
  EXPECT_TRUE(store.find_response(old_unsent.id));
  EXPECT_TRUE(store.find_response(new_sent.id));
}

TEST_F(TabletStoreTest, AnswersBetweenIsHalfOpen) {
  for (std::int64_t t : {999, 1000, 1500, 2000}) store.insert_response(make_response(2, t));
  auto got = store.answers_between(1000, 2000);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].answered_at_ms, 1000);
  EXPECT_EQ(got[1].answered_at_ms, 1500);
}

QuestionSet sample_set(std::int64_t version) {
  QuestionSet set;
  set.unit_id = "demo";
  set.version = version;
  set.languages = {"fi", "en"};
  set.default_language = "fi";
  Question q;
  q.id = "visit";
  q.text = {{"fi", "Kuinka onnistuimme?"}, {"en", "How did we do?"}};
  q.follow_up = {FollowUp::Kind::at_most, 2};
  set.questions.push_back(q);
  return set;
}

TEST_F(TabletStoreTest, QuestionSetsAreVersioned) {
  EXPECT_FALSE(store.current_question_set());
  store.save_question_set(sample_set(1), "local");
  auto v2 = sample_set(2);
  v2.questions[0].text["fi"] = "Miten onnistuimme tänään?";
  store.save_question_set(v2, "hq");
  auto current = store.current_question_set();
  ASSERT_TRUE(current);
  EXPECT_EQ(*current, v2);
  EXPECT_EQ(store.current_question_set_source(), "hq");
  EXPECT_THROW(store.save_question_set(sample_set(2), "local"), std::invalid_argument);
  EXPECT_THROW(store.save_question_set(sample_set(3), "usb"), std::invalid_argument);
  auto invalid = sample_set(3);
  invalid.questions[0].text["en"] = "";
  EXPECT_THROW(store.save_question_set(invalid, "local"), std::invalid_argument);
}

TEST_F(TabletStoreTest, StateIsSharedThroughTheFile) {
  store.put_state("sync.last_error", "HQ unreachable");
  TabletStore other(dir.file("tablet.db"));
  EXPECT_EQ(other.state("sync.last_error"), "HQ unreachable");
  other.put_state("sync.last_error", "");
  EXPECT_EQ(store.state("sync.last_error"), "");
  EXPECT_FALSE(store.state("nope"));
}

}  // namespace
}  // namespace hymy
