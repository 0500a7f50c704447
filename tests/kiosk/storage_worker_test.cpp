// The storage thread: commands are committed in order off the UI thread, a slow store never
// blocks the caller, failures come back as results and are recorded for staff, and nothing
// queued is lost at shutdown.
#include "storage/storage_worker.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "hymy/tablet_store.hpp"
#include "hymy/uuid.hpp"
#include "storage/fault_store.hpp"
#include "test_support.hpp"

namespace hymy::kiosk {
namespace {

// "r<i>", built by appending: GCC 12 at -O3 warns falsely (-Wrestrict) about "r" + to_string(i).
std::string row_id(std::uint64_t i) {
  std::string id = "r";
  id += std::to_string(i);
  return id;
}

using namespace std::chrono_literals;

// A store that records what it was asked, optionally holding every write until released.
struct Recorder {
  std::mutex m;
  std::condition_variable cv;
  std::vector<std::string> log;
  bool hold = false;
  bool fail = false;
  std::vector<std::string> failures;
};

class RecordingStore final : public ResponseStore {
 public:
  explicit RecordingStore(Recorder& r) : r_(r) {}
  void insert_response(const Response& resp, bool awaiting) override {
    write("insert " + resp.id + (awaiting ? " awaiting" : ""));
  }
  std::string attach_comment(const std::string& id, const std::string& text) override {
    if (text == "refuse me") return "too rude";
    write("attach " + id + " " + text);
    return "";
  }
  void close_comment(const std::string& id) override { write("close " + id); }
  std::optional<QuestionSet> current_question_set() override { return std::nullopt; }
  void record_failure(const std::string& message) override {
    std::lock_guard lock(r_.m);
    r_.failures.push_back(message);
  }

 private:
  void write(const std::string& what) {
    std::unique_lock lock(r_.m);
    r_.cv.wait_for(lock, 10s, [&] { return !r_.hold; });
    if (r_.fail) throw std::runtime_error("disk I/O error");
    r_.log.push_back(what);
  }
  Recorder& r_;
};

StoreCommand insert(std::uint64_t request, const std::string& id, bool awaiting = false) {
  StoreCommand c;
  c.kind = StoreCommand::Kind::insert_response;
  c.request_id = request;
  c.response.id = id;
  c.awaiting_comment = awaiting;
  return c;
}

// Waits (bounded) until `n` results arrived.
std::vector<StoreResult> wait_results(StorageWorker& w, std::size_t n) {
  std::vector<StoreResult> all;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (all.size() < n && std::chrono::steady_clock::now() < deadline) {
    auto more = w.take_results();
    all.insert(all.end(), more.begin(), more.end());
    if (all.size() < n) std::this_thread::sleep_for(1ms);
  }
  return all;
}

TEST(StorageWorker, CommitsInOrderAndReportsEachResult) {
  Recorder rec;
  std::atomic<int> wakes{0};
  StorageWorker w([&] { return std::make_unique<RecordingStore>(rec); }, [&] { ++wakes; });
  w.submit(insert(1, "r1", true));
  StoreCommand attach;
  attach.kind = StoreCommand::Kind::attach_comment;
  attach.request_id = 2;
  attach.response_id = "r1";
  attach.comment = "Kiitos";
  w.submit(attach);
  const auto results = wait_results(w, 2);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].request_id, 1u);
  EXPECT_TRUE(results[0].ok);
  EXPECT_EQ(results[1].request_id, 2u);
  EXPECT_TRUE(results[1].ok);
  std::lock_guard lock(rec.m);
  EXPECT_EQ(rec.log, (std::vector<std::string>{"insert r1 awaiting", "attach r1 Kiitos"}));
  EXPECT_GE(wakes.load(), 2);
}

TEST(StorageWorker, ASlowStoreNeverBlocksTheCaller) {
  Recorder rec;
  rec.hold = true;  // the "disk" does not finish until we say so
  StorageWorker w([&] { return std::make_unique<RecordingStore>(rec); }, nullptr);
  const auto start = std::chrono::steady_clock::now();
  for (std::uint64_t i = 1; i <= 20; ++i) w.submit(insert(i, row_id(i)));
  EXPECT_TRUE(w.take_results().empty());
  const auto spent = std::chrono::steady_clock::now() - start;
  EXPECT_LT(spent, 50ms);  // a frame's worth, with room for a loaded CI machine
  EXPECT_EQ(w.in_flight(), 20u);
  {
    std::lock_guard lock(rec.m);
    rec.hold = false;
  }
  rec.cv.notify_all();
  EXPECT_EQ(wait_results(w, 20).size(), 20u);
}

TEST(StorageWorker, FailuresComeBackAndAreRecordedForStaff) {
  Recorder rec;
  rec.fail = true;
  StorageWorker w([&] { return std::make_unique<RecordingStore>(rec); }, nullptr);
  w.submit(insert(1, "r1"));
  const auto results = wait_results(w, 1);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_FALSE(results[0].ok);
  EXPECT_NE(results[0].error.find("disk I/O error"), std::string::npos);
  std::lock_guard lock(rec.m);
  ASSERT_EQ(rec.failures.size(), 1u);
  EXPECT_NE(rec.failures[0].find("disk I/O error"), std::string::npos);
}

TEST(StorageWorker, ARefusedCommentReleasesTheRating) {
  Recorder rec;
  StorageWorker w([&] { return std::make_unique<RecordingStore>(rec); }, nullptr);
  StoreCommand attach;
  attach.kind = StoreCommand::Kind::attach_comment;
  attach.request_id = 9;
  attach.response_id = "r1";
  attach.comment = "refuse me";
  w.submit(attach);
  const auto results = wait_results(w, 1);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_FALSE(results[0].ok);
  std::lock_guard lock(rec.m);
  EXPECT_EQ(rec.log, (std::vector<std::string>{"close r1"}));
}

TEST(StorageWorker, AStoreThatCannotOpenFailsEveryCommandCalmly) {
  StorageWorker w([]() -> std::unique_ptr<ResponseStore> { throw std::runtime_error("no such dir"); }, nullptr);
  w.submit(insert(1, "r1"));
  const auto results = wait_results(w, 1);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_FALSE(results[0].ok);
  EXPECT_NE(results[0].error.find("no such dir"), std::string::npos);
}

TEST(StorageWorker, EverythingQueuedIsCommittedBeforeShutdown) {
  Recorder rec;
  {
    StorageWorker w([&] { return std::make_unique<RecordingStore>(rec); }, nullptr);
    for (std::uint64_t i = 1; i <= 50; ++i) w.submit(insert(i, row_id(i)));
  }
  std::lock_guard lock(rec.m);
  EXPECT_EQ(rec.log.size(), 50u);
}

TEST(StorageWorker, WritesRealRowsThroughTheTabletStore) {
  testing::TempDir dir;
  const std::string db = dir.file("tablet.db");
  Response r = testing::make_response(3, 1'700'000'000'000);
  {
    StorageWorker w([&] { return open_tablet_response_store(db); }, nullptr);
    StoreCommand c;
    c.kind = StoreCommand::Kind::insert_response;
    c.request_id = 1;
    c.response = r;
    c.awaiting_comment = true;
    w.submit(c);
    StoreCommand a;
    a.kind = StoreCommand::Kind::attach_comment;
    a.request_id = 2;
    a.response_id = r.id;
    a.comment = "Hyvä palvelu";
    w.submit(a);
    const auto results = wait_results(w, 2);
    ASSERT_EQ(results.size(), 2u);
    EXPECT_TRUE(results[0].ok) << results[0].error;
    EXPECT_TRUE(results[1].ok) << results[1].error;
  }
  TabletStore store(db);
  const auto found = store.find_response(r.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->rating, 3);
  EXPECT_EQ(found->comment, std::optional<std::string>("Hyvä palvelu"));
}

TEST(StorageWorker, InjectedFaultsDelayAndFailWrites) {
  testing::TempDir dir;
  const std::string db = dir.file("tablet.db");
  Faults slow;
  slow.delay_ms = 150;
  StorageWorker w([&] { return with_faults(open_tablet_response_store(db), slow); }, nullptr);
  const auto start = std::chrono::steady_clock::now();
  StoreCommand c;
  c.kind = StoreCommand::Kind::insert_response;
  c.request_id = 1;
  c.response = testing::make_response(4, 1'700'000'000'000);
  w.submit(c);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 50ms);
  const auto results = wait_results(w, 1);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(results[0].ok);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 150ms);
}

}  // namespace
}  // namespace hymy::kiosk
