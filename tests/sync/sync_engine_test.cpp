// The daemon against a scripted fake HQ: every way the network or HQ can fail, and after each the
// same promise — HQ ends up holding every answer exactly once and the tablet knows it.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "hymy/device_state_keys.hpp"
#include "hymy/question_set_json.hpp"
#include "protocol/protocol.hpp"
#include "sync_fixture.hpp"

namespace hymy::sync::testing {
namespace {

using nlohmann::json;
namespace keys = hymy::device_state_keys;
using Mode = Step::Mode;

json state(TabletStore& store, const char* key) {
  const auto v = store.state(key);
  return v ? json::parse(*v) : json();
}

class SyncEngineTest : public SyncFixture {
 protected:
  // The promise every scenario ends with.
  void expect_all_delivered(const std::set<std::string>& ids) {
    EXPECT_EQ(hq_.stored_ids(), ids);
    EXPECT_EQ(store_->unsent_count(), 0);
    EXPECT_TRUE(store_->rejected().empty());
  }
};

TEST_F(SyncEngineTest, UploadsBacklogInGzipBatchesOfAtMostBatchRows) {
  config_.batch_rows = 200;
  const auto ids = add_rows(450);
  const CycleResult r = engine().run_cycle();
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.upload.delivered, 450);
  EXPECT_EQ(hq_.batch_posts(), 3u);
  EXPECT_EQ(hq_.max_rows_in_a_batch(), 200u);
  EXPECT_TRUE(hq_.all_posts_gzip());
  EXPECT_EQ(hq_.last_sent_at_ms(), kStartMs) << "the device clock goes with every batch";
  EXPECT_EQ(r.wait_ms, config_.interval_ms);
  expect_all_delivered(ids);
  EXPECT_EQ(state(*store_, keys::kQueue)["unsent"], 0);
  EXPECT_EQ(state(*store_, keys::kLastSuccess)["sent"], 450);
  EXPECT_EQ(state(*store_, keys::kLastError), json::object());

  // Nothing new: the next cycle posts nothing.
  ASSERT_TRUE(engine().run_cycle().ok());
  EXPECT_EQ(hq_.batch_posts(), 3u);
}

TEST_F(SyncEngineTest, ServerErrorsBackOffExponentiallyThenSucceed) {
  const auto ids = add_rows(30);
  hq_.push({Mode::status, 500});
  hq_.push({Mode::status, 503});
  hq_.push({Mode::status, 502});
  std::vector<std::int64_t> waits;
  for (int i = 0; i < 3; ++i) {
    const CycleResult r = engine().run_cycle();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error_kind, ErrorKind::server);
    EXPECT_EQ(store_->unsent_count(), 30);
    waits.push_back(r.wait_ms);
  }
  // Full jitter with the fixture's fixed 0.5: half of base, 2 base, 4 base.
  EXPECT_EQ(waits, (std::vector<std::int64_t>{500, 1000, 2000}));
  const json err = state(*store_, keys::kLastError);
  EXPECT_EQ(err["kind"], "server");
  EXPECT_NE(err["message"].get<std::string>().find("502"), std::string::npos) << err;
  const CycleResult r = engine().run_cycle();
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.wait_ms, config_.interval_ms);
  expect_all_delivered(ids);
}

TEST_F(SyncEngineTest, BackoffIsCapped) {
  add_rows(1);
  config_.backoff_max_ms = 4000;
  for (int i = 0; i < 8; ++i) hq_.push({Mode::status, 503});
  std::int64_t last = 0;
  for (int i = 0; i < 8; ++i) last = engine().run_cycle().wait_ms;
  EXPECT_EQ(last, 2000);  // 0.5 * cap
}

TEST_F(SyncEngineTest, RetryAfterIsHonouredAndClamped) {
  const auto ids = add_rows(5);
  hq_.push({Mode::status, 429, "120"});
  CycleResult r = engine().run_cycle();
  EXPECT_EQ(r.error_kind, ErrorKind::server);
  EXPECT_EQ(r.wait_ms, 120'000);

  hq_.push({Mode::status, 503, "999999"});
  r = engine().run_cycle();
  EXPECT_EQ(r.wait_ms, config_.max_retry_after_ms) << "a huge Retry-After is clamped to 1 h";

  hq_.push({Mode::status, 429, "not a number"});
  r = engine().run_cycle();
  EXPECT_EQ(r.wait_ms, 2000) << "an unreadable Retry-After falls back to the backoff";

  ASSERT_TRUE(engine().run_cycle().ok());
  expect_all_delivered(ids);
}

TEST_F(SyncEngineTest, ReplyLostAfterHqStoredDoesNotDuplicate) {
  const auto ids = add_rows(120);
  hq_.push({Mode::store_then_drop});
  const CycleResult lost = engine().run_cycle();
  EXPECT_EQ(lost.error_kind, ErrorKind::network) << lost.error;
  EXPECT_EQ(hq_.stored_count(), 120u) << "HQ did store the batch";
  EXPECT_EQ(store_->unsent_count(), 120) << "but the tablet never saw the acknowledgement";

  ASSERT_TRUE(engine().run_cycle().ok());
  EXPECT_EQ(hq_.duplicates_replied(), 120u);
  expect_all_delivered(ids);
}

TEST_F(SyncEngineTest, ConnectionResetMidBodyIsRetried) {
  const auto ids = add_rows(80);
  hq_.push({Mode::store_then_cut});
  hq_.push({Mode::store_then_cut});
  EXPECT_EQ(engine().run_cycle().error_kind, ErrorKind::network);
  EXPECT_EQ(engine().run_cycle().error_kind, ErrorKind::network);
  EXPECT_EQ(store_->unsent_count(), 80);
  ASSERT_TRUE(engine().run_cycle().ok());
  expect_all_delivered(ids);
}

TEST_F(SyncEngineTest, SlowServerHitsTheTotalTimeout) {
  config_.request_timeout_ms = 1000;
  const auto ids = add_rows(10);
  hq_.push({Mode::store_then_stall});
  const auto started = std::chrono::steady_clock::now();
  const CycleResult r = engine().run_cycle();
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(r.error_kind, ErrorKind::network);
  EXPECT_NE(r.error.find("imeout"), std::string::npos) << r.error;
  EXPECT_LT(took, std::chrono::seconds(4));
  EXPECT_EQ(store_->unsent_count(), 10);
  ASSERT_TRUE(engine().run_cycle().ok());
  expect_all_delivered(ids);
}

TEST_F(SyncEngineTest, TricklingServerHitsTheLowSpeedTimeout) {
  config_.low_speed_bytes_per_second = 1000;
  config_.low_speed_seconds = 1;
  const auto ids = add_rows(10);
  hq_.push({Mode::trickle});
  const auto started = std::chrono::steady_clock::now();
  const CycleResult r = engine().run_cycle();
  EXPECT_EQ(r.error_kind, ErrorKind::network) << r.error;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(4));
  ASSERT_TRUE(engine().run_cycle().ok());
  expect_all_delivered(ids);
}

TEST_F(SyncEngineTest, UnauthorizedStopsRetryingUntilTheTokenChanges) {
  const auto ids = add_rows(15);
  hq_.set_token("device-token-2");  // HQ re-enrolled the tablet; the tablet still has token 1
  CycleResult r = engine().run_cycle();
  EXPECT_EQ(r.error_kind, ErrorKind::auth);
  EXPECT_NE(r.error.find("re-enroll"), std::string::npos) << r.error;
  EXPECT_EQ(r.wait_ms, config_.auth_retry_ms);
  const json err = state(*store_, keys::kLastError);
  EXPECT_EQ(err["kind"], "auth");
  const std::size_t posts = hq_.batch_posts();

  clock_ms_ += 60'000;
  r = engine().run_cycle();
  EXPECT_EQ(r.error_kind, ErrorKind::auth);
  EXPECT_EQ(hq_.batch_posts(), posts) << "no request while the same token is known to be refused";
  EXPECT_EQ(r.wait_ms, config_.auth_retry_ms - 60'000);

  write_token("device-token-2");
  r = engine().run_cycle();
  ASSERT_TRUE(r.ok()) << r.error;
  expect_all_delivered(ids);
}

TEST_F(SyncEngineTest, UnauthorizedIsRetriedAfterAuthRetryTime) {
  add_rows(3);
  hq_.set_token("other");
  EXPECT_EQ(engine().run_cycle().error_kind, ErrorKind::auth);
  const std::size_t posts = hq_.batch_posts();
  clock_ms_ += config_.auth_retry_ms;
  EXPECT_EQ(engine().run_cycle().error_kind, ErrorKind::auth);
  EXPECT_EQ(hq_.batch_posts(), posts + 1);
}

TEST_F(SyncEngineTest, MissingTokenFileIsAConfigErrorInPlainWords) {
  add_rows(3);
  std::filesystem::remove(config_.token_file);
  const CycleResult r = engine().run_cycle();
  EXPECT_EQ(r.error_kind, ErrorKind::config);
  EXPECT_NE(r.error.find(config_.token_file), std::string::npos) << r.error;
  EXPECT_EQ(hq_.batch_posts(), 0u);
}

TEST_F(SyncEngineTest, TokenFileReadableByOthersIsRefused) {
  add_rows(3);
  std::filesystem::permissions(config_.token_file, std::filesystem::perms::others_read,
                               std::filesystem::perm_options::add);
  const CycleResult r = engine().run_cycle();
  EXPECT_EQ(r.error_kind, ErrorKind::config);
  EXPECT_NE(r.error.find("chmod 600 " + config_.token_file), std::string::npos) << r.error;
  EXPECT_EQ(hq_.batch_posts(), 0u);
}

TEST_F(SyncEngineTest, TokenFileThatIsNotARegularFileIsRefused) {
  add_rows(3);
  std::filesystem::remove(config_.token_file);
  std::filesystem::create_symlink("/dev/zero", config_.token_file);
  const CycleResult r = engine().run_cycle();
  EXPECT_EQ(r.error_kind, ErrorKind::config);
  EXPECT_NE(r.error.find("not a regular file"), std::string::npos) << r.error;
  EXPECT_EQ(hq_.batch_posts(), 0u);
}

TEST_F(SyncEngineTest, PartialRejectsAreKeptWithReasonAndNotRetried) {
  const auto ids = add_rows(40);
  hq_.reject_if([](const Response& r) -> std::optional<std::string> {
    if (r.rating == 1) return "conflict: HQ holds this id with other content";
    return std::nullopt;
  });
  const CycleResult r = engine().run_cycle();
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.upload.delivered, 30);
  EXPECT_EQ(r.upload.rejected, 10);
  const auto rejected = store_->rejected();
  ASSERT_EQ(rejected.size(), 10u);
  for (const auto& rej : rejected) {
    EXPECT_EQ(rej.reason, "conflict: HQ holds this id with other content");
    EXPECT_EQ(store_->find_response(rej.id)->rating, 1) << "kept on the tablet, not deleted";
  }
  EXPECT_EQ(store_->unsent_count(), 0);
  EXPECT_EQ(hq_.stored_count(), 30u);
  EXPECT_EQ(state(*store_, keys::kQueue)["rejected"], 10);
  const std::size_t posts = hq_.batch_posts();
  ASSERT_TRUE(engine().run_cycle().ok());
  EXPECT_EQ(hq_.batch_posts(), posts) << "rejected rows are never retried";
}

TEST_F(SyncEngineTest, RowHqWouldRefuseIsSetAsideLocally) {
  Response bad = make_row(3, clock_ms_ - 1000);
  bad.language = "finnish";
  store_->insert_response(bad);
  const auto ids = add_rows(5);
  ASSERT_TRUE(engine().run_cycle().ok());
  EXPECT_EQ(hq_.stored_ids(), ids);
  const auto rejected = store_->rejected();
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].id, bad.id);
  EXPECT_EQ(rejected[0].reason.rfind("not sent: language:", 0), 0u) << rejected[0].reason;
}

TEST_F(SyncEngineTest, GarbledReplyKeepsRowsQueued) {
  const auto ids = add_rows(25);
  hq_.push({Mode::garbage});
  const CycleResult r = engine().run_cycle();
  EXPECT_EQ(r.error_kind, ErrorKind::protocol);
  EXPECT_NE(r.error.find("could not be read"), std::string::npos) << r.error;
  EXPECT_EQ(store_->unsent_count(), 25);
  ASSERT_TRUE(engine().run_cycle().ok());
  expect_all_delivered(ids);
}

TEST_F(SyncEngineTest, OversizedReplyIsCutOffAtTheLimit) {
  config_.max_response_bytes = 1 << 20;
  const auto ids = add_rows(25);
  hq_.push({Mode::huge});
  const CycleResult r = engine().run_cycle();
  EXPECT_EQ(r.error_kind, ErrorKind::network);
  EXPECT_NE(r.error.find("larger than the limit"), std::string::npos) << r.error;
  EXPECT_EQ(store_->unsent_count(), 25);
  ASSERT_TRUE(engine().run_cycle().ok());
  expect_all_delivered(ids);
}

TEST_F(SyncEngineTest, PayloadTooLargeHalvesTheBatch) {
  hq_.set_max_rows(100);
  const auto ids = add_rows(450);
  const CycleResult r = engine().run_cycle();
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_LE(hq_.max_rows_in_a_batch(), 100u);
  expect_all_delivered(ids);
}

TEST_F(SyncEngineTest, UnreachableHqIsANetworkError) {
  config_.hq_url = "http://127.0.0.1:1";  // nothing listens on port 1
  add_rows(2);
  const CycleResult r = engine().run_cycle();
  EXPECT_EQ(r.error_kind, ErrorKind::network);
  EXPECT_NE(r.error.find("127.0.0.1:1"), std::string::npos) << r.error;
  EXPECT_EQ(store_->unsent_count(), 2);
}

TEST_F(SyncEngineTest, StopRequestEndsAnUploadBetweenBatches) {
  config_.batch_rows = 10;
  add_rows(50);
  stop_.request_stop();
  const CycleResult r = engine().run_cycle();
  EXPECT_EQ(hq_.batch_posts(), 0u);
  EXPECT_EQ(store_->unsent_count(), 50);
  (void)r;
}

QuestionSet demo_set(std::int64_t version) {
  QuestionSet s = load_question_set_file(HYMY_DEFAULT_QUESTION_SET);
  s.unit_id = "demo";
  s.version = version;
  return s;
}

TEST_F(SyncEngineTest, PullsTheQuestionSetWithEtag) {
  hq_.set_question_set(question_set_to_json(demo_set(7)), "\"v7\"");
  ASSERT_TRUE(engine().run_cycle().ok());
  ASSERT_TRUE(store_->current_question_set().has_value());
  EXPECT_EQ(store_->current_question_set()->version, 7);
  EXPECT_EQ(store_->current_question_set_source(), "hq");
  EXPECT_TRUE(hq_.if_none_match_seen().empty());

  ASSERT_TRUE(engine().run_cycle().ok());
  EXPECT_EQ(hq_.if_none_match_seen(), std::vector<std::string>{"\"v7\""});
  EXPECT_EQ(state(*store_, keys::kQuestionSet)["version"], 7);

  hq_.set_question_set(question_set_to_json(demo_set(8)), "\"v8\"");
  ASSERT_TRUE(engine().run_cycle().ok());
  EXPECT_EQ(store_->current_question_set()->version, 8);
}

TEST_F(SyncEngineTest, QuestionSetOfAnotherUnitIsRefused) {
  QuestionSet other = demo_set(3);
  other.unit_id = "kuopio-er";
  hq_.set_question_set(question_set_to_json(other), "\"v3\"");
  const CycleResult r = engine().run_cycle();
  EXPECT_EQ(r.error_kind, ErrorKind::protocol);
  EXPECT_NE(r.error.find("kuopio-er"), std::string::npos) << r.error;
  EXPECT_FALSE(store_->current_question_set().has_value());
}

TEST_F(SyncEngineTest, PullsFiguresForTodayAndYesterday) {
  add_rows(4);
  ASSERT_TRUE(engine().run_cycle().ok());
  EXPECT_EQ(hq_.figure_dates_seen(), (std::vector<std::string>{"2026-11-23", "2026-11-22"}));
  const json today = state(*store_, keys::kFiguresToday);
  EXPECT_EQ(today["date"], "2026-11-23");
  EXPECT_EQ(today["fetched_at_ms"], kStartMs);
  EXPECT_EQ(today["figures"]["current"]["count"], 4);
  const protocol::UnitFigures f = protocol::decode_figures(today["figures"].dump());
  EXPECT_EQ(f.unit_id, "demo");
  EXPECT_EQ(state(*store_, keys::kFiguresYesterday)["date"], "2026-11-22");
}

TEST_F(SyncEngineTest, FiguresOfAnotherUnitAreNotStored) {
  hq_.set_figures([](const std::string& date) {
    Figures f;
    f.first_day = *LocalDate::parse(date);
    return protocol::encode_figures("elsewhere", f, 1);
  });
  const CycleResult r = engine().run_cycle();
  EXPECT_EQ(r.error_kind, ErrorKind::protocol);
  EXPECT_FALSE(store_->state(keys::kFiguresToday).has_value());
}

TEST_F(SyncEngineTest, ReconciliationResendsWhatHqLost) {
  // Three UTC days of answers, all delivered; then HQ restores a backup missing one day.
  std::set<std::string> ids;
  for (int day = 3; day >= 1; --day) {
    for (int i = 0; i < 20; ++i) {
      Response r = make_row(2, kStartMs - day * 86'400'000LL + i * 1000);
      ids.insert(r.id);
      store_->insert_response(r);
    }
  }
  ASSERT_TRUE(engine().run_cycle().ok());
  ASSERT_EQ(hq_.stored_ids(), ids);
  hq_.forget_day("2026-11-21");
  ASSERT_EQ(hq_.stored_count(), 40u);

  std::string error;
  ASSERT_EQ(engine().reconcile(error), ErrorKind::none) << error;
  EXPECT_EQ(store_->unsent_count(), 20);
  const json rec = state(*store_, keys::kReconcile);
  EXPECT_EQ(rec["resent_days"], json::array({"2026-11-21"}));
  EXPECT_EQ(rec["rows_marked_unsent"], 20);
  ASSERT_TRUE(engine().run_cycle().ok());
  expect_all_delivered(ids);
}

TEST_F(SyncEngineTest, ReconciliationRunsOncePerDayAfterItsTime) {
  // 01:00 Helsinki: not yet.
  clock_ms_ = kStartMs - 9 * 3'600'000LL;
  EXPECT_FALSE(engine().reconcile_due());
  ASSERT_TRUE(engine().run_cycle().ok());
  EXPECT_EQ(hq_.daily_count_requests(), 0u);
  // 02:30: due, runs, and then not again that day.
  clock_ms_ += 90 * 60'000LL;
  EXPECT_TRUE(engine().reconcile_due());
  ASSERT_TRUE(engine().run_cycle().ok());
  EXPECT_EQ(hq_.daily_count_requests(), 1u);
  EXPECT_FALSE(engine().reconcile_due());
  ASSERT_TRUE(engine().run_cycle().ok());
  EXPECT_EQ(hq_.daily_count_requests(), 1u);
  // The next day, after 02:00 again.
  clock_ms_ += 24 * 3'600'000LL;
  EXPECT_TRUE(engine().reconcile_due());
}

TEST_F(SyncEngineTest, PurgesAcknowledgedRowsOlderThanTheLimit) {
  config_.purge_after_days = 30;
  clock_ms_ = kStartMs - 9 * 3'600'000LL;  // 01:00 local: the nightly work is not due yet
  Response old_sent = make_row(4, kStartMs - 40 * 86'400'000LL);
  Response recent_sent = make_row(4, kStartMs - 29 * 86'400'000LL);
  store_->insert_response(old_sent);
  store_->insert_response(recent_sent);
  ASSERT_TRUE(engine().run_cycle().ok());
  ASSERT_EQ(store_->unsent_count(), 0);
  Response old_unsent = make_row(4, kStartMs - 41 * 86'400'000LL);
  store_->insert_response(old_unsent);
  std::string error;
  ASSERT_EQ(engine().reconcile(error), ErrorKind::none) << error;
  EXPECT_FALSE(store_->find_response(old_sent.id).has_value()) << "sent and old: purged";
  EXPECT_TRUE(store_->find_response(recent_sent.id).has_value()) << "younger than the limit";
  EXPECT_TRUE(store_->find_response(old_unsent.id).has_value()) << "never purge an unsent row";
  EXPECT_EQ(state(*store_, keys::kReconcile)["purged"], 1);
}

}  // namespace
}  // namespace hymy::sync::testing
