// Staff mode's storage side without a window: the PIN hash, what each staff command writes to
// and reads from a real tablet database, and the staff storage thread.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "flow/pin_guard.hpp"
#include "hymy/clock.hpp"
#include "hymy/device_state_keys.hpp"
#include "hymy/figures.hpp"
#include "hymy/question_set_json.hpp"
#include "staff_seed.hpp"
#include "storage/pin_hash.hpp"
#include "storage/staff_keys.hpp"
#include "storage/staff_worker.hpp"
#include "test_support.hpp"

namespace hymy::kiosk {
namespace {

constexpr int kFastIterations = 1'000;  // the format is the same; tests need not be slow

TEST(PinHash, VerifiesOnlyTheRightPinAndIsSalted) {
  const std::string h = hash_pin("2468", kFastIterations);
  EXPECT_EQ(h.rfind("pbkdf2-sha256$1000$", 0), 0u) << h;
  EXPECT_EQ(h.find("2468"), std::string::npos);
  EXPECT_TRUE(verify_pin("2468", h));
  EXPECT_FALSE(verify_pin("2469", h));
  EXPECT_FALSE(verify_pin("", h));
  EXPECT_NE(hash_pin("2468", kFastIterations), h);  // a fresh salt each time
  for (const char* bad : {"", "2468", "pbkdf2-sha256$1000$zz$00", "md5$1$00$00", "pbkdf2-sha256$x$00$00",
                          "pbkdf2-sha256$999999999$00$00"})
    EXPECT_FALSE(verify_pin("2468", bad)) << bad;
}

TEST(PinHash, AcceptsFourToEightDigits) {
  EXPECT_EQ(check_pin_format("0123"), "");
  EXPECT_EQ(check_pin_format("01234567"), "");
  EXPECT_NE(check_pin_format("123"), "");
  EXPECT_NE(check_pin_format("123456789"), "");
  EXPECT_NE(check_pin_format("12a4"), "");
}

class StaffStoreTest : public ::testing::Test {
 protected:
  hymy::testing::TempDir dir;
  std::string db = dir.file("tablet.db");
  TabletStore store{db};
  TimeZone zone{"Europe/Helsinki"};
  StaffStoreSetup setup;
  std::uint64_t next_id = 1;

  StaffStoreTest() {
    setup.facts = DeviceFacts{"tab-1", "demo", "9.8.7", db};
    setup.time_zone = "Europe/Helsinki";
    setup.pin_iterations = kFastIterations;
    store.save_question_set(parse_question_set(R"({"unit": "demo", "version": 3, "languages": ["fi"],
      "default_language": "fi", "questions": [{"id": "visit", "text": {"fi": "Miten meni?"}},
      {"id": "waiting-time", "text": {"fi": "Odotus?"}}]})", "set"), "local");
  }

  StaffResult run(StaffCommand c) {
    c.request_id = next_id++;
    return execute_staff_command(store, zone, setup, c);
  }
  StaffCommand cmd(StaffCommand::Kind kind) {
    StaffCommand c;
    c.kind = kind;
    return c;
  }
};

TEST_F(StaffStoreTest, SetPinStoresOnlyAHash) {
  StaffCommand c = cmd(StaffCommand::Kind::set_pin);
  c.pin = "97531";
  ASSERT_TRUE(run(c).ok);
  const auto stored = store.state(staff_keys::kPinHash);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->find("97531"), std::string::npos);
  EXPECT_TRUE(verify_pin("97531", *stored));
  c.pin = "12";
  const StaffResult bad = run(c);
  EXPECT_FALSE(bad.ok);
  EXPECT_NE(bad.error.find("4 to 8 digits"), std::string::npos) << bad.error;
  EXPECT_TRUE(verify_pin("97531", *store.state(staff_keys::kPinHash)));
}

TEST_F(StaffStoreTest, AWrongPinIsCountedInTheDatabaseAndARightOneResets) {
  store.put_state(staff_keys::kPinHash, hash_pin("2468", kFastIterations));
  StaffCommand c = cmd(StaffCommand::Kind::verify_pin);
  c.pin = "1111";
  c.guard_if_wrong = PinGuard{1, 42'000};
  const StaffResult wrong = run(c);
  EXPECT_FALSE(wrong.ok);
  EXPECT_EQ(wrong.error, "");
  EXPECT_EQ(store.state(staff_keys::kPinGuard), std::optional<std::string>("1 42000"));
  c.pin = "2468";
  c.guard_if_wrong = PinGuard{2, 99'000};
  EXPECT_TRUE(run(c).ok);
  EXPECT_EQ(store.state(staff_keys::kPinGuard), std::optional<std::string>("0 0"));
}

TEST_F(StaffStoreTest, SavingMakesANewVersionAndRefusesAStaleOne) {
  StaffCommand load = cmd(StaffCommand::Kind::load_questions);
  const StaffResult loaded = run(load);
  ASSERT_TRUE(loaded.ok);
  EXPECT_EQ(loaded.set_source, "local");
  StaffCommand save = cmd(StaffCommand::Kind::save_questions);
  save.set = *loaded.set;
  save.set.version = 4;
  save.set.questions[0].text["fi"] = "Miten meni tänään?";
  const StaffResult saved = run(save);
  ASSERT_TRUE(saved.ok) << saved.error;
  EXPECT_EQ(store.current_question_set()->version, 4);
  EXPECT_EQ(store.current_question_set()->questions[0].text.at("fi"), "Miten meni tänään?");
  // The same version twice is refused, nothing half-saved.
  const StaffResult again = run(save);
  EXPECT_FALSE(again.ok);
  EXPECT_NE(again.error.find("not newer"), std::string::npos) << again.error;
}

TEST_F(StaffStoreTest, SavingIsRefusedOnceHqManagesTheSet) {
  QuestionSet hq = *store.current_question_set();
  hq.version = 10;
  store.save_question_set(hq, "hq");
  StaffCommand save = cmd(StaffCommand::Kind::save_questions);
  save.set = hq;
  save.set.version = 11;
  const StaffResult r = run(save);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("HQ"), std::string::npos);
  EXPECT_EQ(store.current_question_set()->version, 10);
}

TEST_F(StaffStoreTest, SpokenFeedbackIsStoredWithTheStaffChannel) {
  StaffCommand c = cmd(StaffCommand::Kind::record_feedback);
  c.response = hymy::testing::make_response(2, now_ms());
  c.response.channel = Channel::staff;
  c.response.comment = "Kiitos joustavuudesta";
  ASSERT_TRUE(run(c).ok);
  const auto row = store.find_response(c.response.id);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->channel, Channel::staff);
  EXPECT_EQ(row->comment, std::optional<std::string>("Kiitos joustavuudesta"));
  EXPECT_EQ(store.unsent_count(), 1);  // it goes to HQ like any answer
}

TEST_F(StaffStoreTest, FiguresAreHymyCoresFiguresAndTheUnitsComeFromTheDaemon) {
  const std::int64_t now = now_ms();
  hymy::kiosk::testing::SeedOptions o;
  o.now_ms = now;
  hymy::kiosk::testing::seed_staff_day(store, zone, o);
  StaffCommand c = cmd(StaffCommand::Kind::load_figures);
  c.wall_ms = now;
  const StaffResult r = run(c);
  ASSERT_TRUE(r.ok && r.figures) << r.error;
  const Figures expected = compute_figures([&](std::int64_t a, std::int64_t b) { return store.answers_between(a, b); },
                                           zone.date_of(now), 1, zone);
  EXPECT_EQ(r.figures->tablet.current.count, expected.current.count);
  EXPECT_GT(r.figures->tablet.current.count, 0);
  EXPECT_EQ(r.figures->tablet.current.distribution, expected.current.distribution);
  EXPECT_EQ(r.figures->tablet.current.hourly, expected.current.hourly);
  EXPECT_EQ(r.figures->tablet.previous.count, expected.previous.count);
  EXPECT_EQ(r.figures->tablet.current.staff_recorded, 1);
  EXPECT_EQ(r.figures->tablet.current.flagged, 1);
  EXPECT_EQ(r.figures->tablet.comments.size(), expected.comments.size());
  ASSERT_TRUE(r.figures->unit_today.has_value()) << r.figures->unit_missing_reason;
  EXPECT_GT(r.figures->unit_today->current.count, r.figures->tablet.current.count);
  EXPECT_EQ(r.figures->unit_today->fetched_at_ms, now - 4 * 60'000);
}

TEST_F(StaffStoreTest, UnitFiguresOfAnotherDayOrBrokenOnesAreMissingNotZero) {
  const std::int64_t now = now_ms();
  StaffCommand c = cmd(StaffCommand::Kind::load_figures);
  c.wall_ms = now;
  EXPECT_FALSE(run(c).figures->unit_today.has_value());
  const std::string yesterday = zone.date_of(now).plus_days(-1).iso();
  store.put_state(hymy::device_state_keys::kFiguresToday,
                  nlohmann::json{{"date", yesterday}, {"fetched_at_ms", now - 86'400'000}, {"figures", {{"unit", "demo"}}}}.dump());
  StaffResult r = run(c);
  EXPECT_FALSE(r.figures->unit_today.has_value());
  EXPECT_EQ(r.figures->unit_last_fetch_ms, std::optional<std::int64_t>(now - 86'400'000));
  store.put_state(hymy::device_state_keys::kFiguresToday,
                  nlohmann::json{{"date", zone.date_of(now).iso()}, {"fetched_at_ms", now}, {"figures", {{"unit", 7}}}}.dump());
  r = run(c);
  EXPECT_FALSE(r.figures->unit_today.has_value());
  EXPECT_NE(r.figures->unit_missing_reason.find("cannot be read"), std::string::npos) << r.figures->unit_missing_reason;
  store.put_state(hymy::device_state_keys::kFiguresToday, "not json");
  EXPECT_FALSE(run(c).figures->unit_today.has_value());
}

TEST_F(StaffStoreTest, HealthReadsWhatTheSyncDaemonWrote) {
  store.insert_response(hymy::testing::make_response(4, now_ms()));
  store.put_state(hymy::device_state_keys::kLastSuccess, R"({"at_ms": 1000, "sent": 2})");
  store.put_state(hymy::device_state_keys::kLastError,
                  R"({"at_ms": 2000, "kind": "auth", "message": "HQ refused the token", "retry_at_ms": 3000})");
  store.put_state("kiosk.last_store_error", "1234 disk I/O error");
  const StaffResult r = run(cmd(StaffCommand::Kind::load_health));
  ASSERT_TRUE(r.ok && r.health);
  const DeviceHealth& h = *r.health;
  EXPECT_EQ(h.unsent, 1);
  EXPECT_EQ(h.last_success_ms, std::optional<std::int64_t>(1000));
  ASSERT_TRUE(h.last_error.has_value());
  EXPECT_EQ(h.last_error->kind, "auth");
  EXPECT_EQ(h.last_error->message, "HQ refused the token");
  EXPECT_EQ(h.last_error->retry_at_ms, 3000);
  EXPECT_EQ(h.last_store_error, "disk I/O error");
  EXPECT_EQ(h.app_version, "9.8.7");
  EXPECT_EQ(h.device_id, "tab-1");
  EXPECT_EQ(h.question_set_version, 3);
  ASSERT_TRUE(h.database_bytes.has_value());
  EXPECT_GT(*h.database_bytes, 0);
  ASSERT_TRUE(h.disk_free_bytes && h.disk_total_bytes);
  EXPECT_LE(*h.disk_free_bytes, *h.disk_total_bytes);
  // A cleared error ({} after a later success) is no error.
  store.put_state(hymy::device_state_keys::kLastError, "{}");
  EXPECT_FALSE(run(cmd(StaffCommand::Kind::load_health)).health->last_error.has_value());
}

TEST_F(StaffStoreTest, TheWorkerThreadAnswersInOrder) {
  std::atomic<int> wakes{0};
  StaffWorker worker(setup, [&] { ++wakes; });
  for (auto kind : {StaffCommand::Kind::load_questions, StaffCommand::Kind::load_health}) {
    StaffCommand c = cmd(kind);
    c.request_id = next_id++;
    worker.submit(c);
  }
  std::vector<StaffResult> results;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (results.size() < 2 && std::chrono::steady_clock::now() < deadline) {
    for (auto& r : worker.take_results()) results.push_back(std::move(r));
    if (results.size() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(5));  // polling a queue
  }
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].kind, StaffCommand::Kind::load_questions);
  EXPECT_EQ(results[1].kind, StaffCommand::Kind::load_health);
  EXPECT_TRUE(results[0].ok && results[1].ok);
  EXPECT_GE(wakes.load(), 2);
}

}  // namespace
}  // namespace hymy::kiosk
