// The HqStore on its own, on SQLite and PostgreSQL: units/devices/users/sessions, question set
// versions, ingest idempotency, range queries and retention; and SQLite's schema version checks
// (PostgreSQL's are in pg/pg_store_test.cpp).
#include "hq_test_support.hpp"
#include "hymy/sqlite.hpp"
#include "store/sqlite_hq_schema.hpp"
#include "store/sqlite_hq_store.hpp"

namespace hymy::hq::test {
namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = open_sqlite_hq_store(dir_.path().string(), {.synchronous_full = false}); }
  std::string db_path() const { return (dir_.path() / kHqDatabaseFile).string(); }

  TempDir dir_;
  std::unique_ptr<HqStore> store_;
};

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    store_ = open_test_store(GetParam(), dir_.path(), pg_schema_);
    if (!store_) GTEST_SKIP() << pg_test_server().error;
  }
  void TearDown() override {
    store_.reset();
    pg_schema_.reset();
  }

  TempDir dir_;
  std::unique_ptr<PgTestSchema> pg_schema_;
  std::unique_ptr<HqStore> store_;
};

TEST_F(SqliteStoreTest, RefusesADatabaseWithANewerSchema) {
  store_.reset();
  {
    sqlite::Database db(db_path());
    db.exec("PRAGMA user_version=" + std::to_string(hq_migrations().size() + 1));
  }
  try {
    open_sqlite_hq_store(dir_.path().string());
    FAIL() << "a newer schema was opened";
  } catch (const sqlite::Error& e) {
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
  }
}

TEST_F(SqliteStoreTest, RefusesAnotherApplicationsDatabase) {
  const std::string other = (dir_.path() / "other.sqlite3").string();
  {
    sqlite::Database db(other);
    db.exec("PRAGMA application_id=1234; CREATE TABLE t(x)");
  }
  EXPECT_THROW(open_sqlite_hq_store_file(other), sqlite::Error);
}

TEST_F(SqliteStoreTest, ReopensAndKeepsData) {
  enroll(*store_, "u1", "d1");
  store_.reset();
  store_ = open_sqlite_hq_store(dir_.path().string());
  EXPECT_TRUE(store_->device("d1"));
  sqlite::Database db(db_path());
  EXPECT_EQ(db.application_id(), kHqApplicationId);
  EXPECT_EQ(db.user_version(), static_cast<int>(hq_migrations().size()));
}

TEST_P(StoreTest, UnitsDevicesAndTheirErrors) {
  Unit u{"kuopio-er", {{"fi", "Päivystys"}, {"sv", "Jouren"}}, "Europe/Helsinki"};
  store_->add_unit(u);
  EXPECT_EQ(store_->unit("kuopio-er")->name, u.name);
  EXPECT_THROW(store_->add_unit(u), StoreError);
  DeviceRecord d{"t1", "nowhere", "hash1", false, 1, {}, {}};
  try {
    store_->add_device(d);
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::not_found);
  }
  d.unit_id = "kuopio-er";
  store_->add_device(d);
  EXPECT_EQ(store_->device_by_token_hash("hash1")->id, "t1");
  store_->revoke_device("t1");
  EXPECT_TRUE(store_->device("t1")->revoked);
  EXPECT_THROW(store_->revoke_device("t9"), StoreError);
}

TEST_P(StoreTest, UsersUnitsAndSessions) {
  enroll(*store_, "u1", "d1");
  enroll(*store_, "u2", "d2");
  store_->add_user({"viewer1", "h", Role::viewer, {"u1"}, 5});
  const auto v = store_->user("viewer1");
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->may_see_unit("u1"));
  EXPECT_FALSE(v->may_see_unit("u2"));
  EXPECT_THROW(store_->add_user({"viewer2", "h", Role::viewer, {"nope"}, 5}), StoreError);
  EXPECT_FALSE(store_->user("viewer2"));  // the failed add left nothing behind
  store_->set_user_units("viewer1", {"u2"});
  EXPECT_EQ(store_->user("viewer1")->unit_ids, std::vector<std::string>{"u2"});
  store_->add_session({"th", "viewer1", "csrf", 1, 100});
  EXPECT_EQ(store_->session("th")->csrf_token, "csrf");
  EXPECT_EQ(store_->delete_expired_sessions(100), 1);
  store_->add_session({"th2", "viewer1", "csrf", 1, 100});
  store_->delete_user("viewer1");
  EXPECT_FALSE(store_->session("th2"));
}

TEST_P(StoreTest, PublishingAlwaysMakesANewerVersion) {
  enroll(*store_, "u1", "d1");
  QuestionSet set;
  set.unit_id = "u1";
  set.version = 4;
  set.languages = {"fi"};
  set.default_language = "fi";
  Question q;
  q.id = "visit";
  q.text["fi"] = "Miten onnistuimme?";
  set.questions = {q};
  EXPECT_EQ(store_->publish_question_set(set, 1, "cli"), 4);
  EXPECT_EQ(store_->publish_question_set(set, 2, "cli"), 5);
  set.version = 9;
  EXPECT_EQ(store_->publish_question_set(set, 3, "cli"), 9);
  EXPECT_EQ(store_->latest_question_set("u1")->set.version, 9);
  EXPECT_EQ(store_->question_sets("u1").size(), 3u);
  EXPECT_EQ(store_->published_questions("u1").size(), 3u);
  EXPECT_TRUE(store_->published_questions("u2").empty());
  set.unit_id = "u2";
  EXPECT_THROW(store_->publish_question_set(set, 1, "cli"), StoreError);
}

TEST_P(StoreTest, IngestQueriesAndRetention) {
  auto e = enroll(*store_, "u1", "d1");
  std::vector<Response> rows;
  for (int i = 0; i < 10; ++i) {
    Response r = make_response(1'800'000'000'000 + i * 1000, 1 + i % 4);
    r.device_id = "d1";
    r.unit_id = "u1";
    if (i % 2) r.comment = "kommentti " + std::to_string(i);
    rows.push_back(r);
  }
  const auto out = store_->ingest(rows, {"d1", 5, 7});
  EXPECT_EQ(out.accepted.size(), 10u);
  EXPECT_EQ(store_->answers("u1", 1'800'000'002'000, 1'800'000'005'000).size(), 3u);
  EXPECT_TRUE(store_->answers("u2", 0, std::numeric_limits<std::int64_t>::max()).empty());
  EXPECT_EQ(store_->count_responses({.with_comment_only = true}), 5);
  EXPECT_EQ(store_->count_responses({.unit_ids = {"u1"}, .min_rating = 4}), 2);
  const auto newest = store_->responses({.limit = 2});
  ASSERT_EQ(newest.size(), 2u);
  EXPECT_EQ(newest[0].response.id, rows[9].id);
  EXPECT_EQ(newest[0].clock_skew_ms, 7);
  EXPECT_EQ(store_->erase_comments_before(1'800'000'004'000), 2);
  EXPECT_FALSE(store_->response(rows[1].id)->response.comment);
  EXPECT_TRUE(store_->response(rows[5].id)->response.comment);
  const auto days = store_->daily_counts("d1", 0, std::numeric_limits<std::int64_t>::max());
  ASSERT_EQ(days.size(), 1u);
  EXPECT_EQ(days.begin()->first, 1'800'000'000'000 / 86'400'000);
  EXPECT_EQ(days.begin()->second, 10);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, kBackends, backend_name);

}  // namespace
}  // namespace hymy::hq::test
