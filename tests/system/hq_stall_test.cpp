// HQ slow and failing behind its own database (issue 9): another writer (a backup, a long admin
// command) holds HQ's SQLite write lock for longer than both the daemon's request timeout and
// HQ's busy timeout. Batches then wait inside HQ while the daemon gives up (HQ may still commit
// them: a lost acknowledgement), or fail in HQ with a 503 and Retry-After. Once the lock is gone
// every answer is at HQ exactly once.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "hymy/sqlite.hpp"
#include "store/sqlite_hq_store.hpp"
#include "system_support.hpp"

namespace hymy::system_test {
namespace {

using std::chrono::milliseconds;

int count_of(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

TEST(HqStallTest, ALockedHqDatabaseDelaysButNeitherLosesNorDuplicates) {
  hymy::testing::TempDir root;
  const int n = scaled("NET_ANSWERS", 400);
  std::mt19937 rng(seed());
  HqProcess hq((root.path() / "hq-data").string());
  hq.admin({"unit", "add", "lock-unit", "--name-fi", "Lukkotesti"});
  const std::string token = hq.enroll("lock-unit", "lock-tab");
  hq.start();
  Tablet tablet(root.path() / "tablet", "lock-tab", "lock-unit");
  tablet.write_config(hq.url(), token, "batch_rows = 25\nrequest_timeout_seconds = 2\n");
  tablet.seed(n, rng);

  const std::int64_t failures_before = count_of(hq.log(), "POST /v1/batches failed");
  auto daemon = tablet.start_daemon();
  ASSERT_TRUE(wait_until([&] { return hq.count() > 0 || !daemon->running(); }, milliseconds(20'000)));
  std::int64_t unsent_while_locked = 0;
  {
    // HQ waits 5 s for a lock (busy_timeout), the daemon 2 s for a reply: hold it 8 s.
    sqlite::Database other((std::filesystem::path(hq.data_dir()) / hq::kHqDatabaseFile).string());
    other.exec("BEGIN IMMEDIATE");
    std::this_thread::sleep_for(milliseconds(8'000));  // the length of the fault, not a synchronisation
    unsent_while_locked = tablet.unsent();
    other.exec("ROLLBACK");
  }
  ASSERT_TRUE(wait_until([&] { return tablet.unsent() == 0 || !daemon->running(); }, milliseconds(60'000)) &&
              tablet.unsent() == 0)
      << tablet.unsent() << " answers still unsent\n" << tablet.daemon_log();
  const std::int64_t resent = hq.rows_metric("duplicate");
  EXPECT_EQ(daemon->stop(milliseconds(20'000)), 0);
  const std::int64_t failures = count_of(hq.log(), "POST /v1/batches failed") - failures_before;

  const Comparison c = compare(tablet, hq.contents());
  print_summary("hq_database_locked_8s", 1, c,
                {{"unsent_while_locked", unsent_while_locked},
                 {"hq_batch_failures", failures},
                 {"resent_answered_duplicate", resent}});
  EXPECT_EQ(c.on_tablet, n);
  EXPECT_TRUE(c.exact()) << describe(c);
  EXPECT_GT(unsent_while_locked, 0) << "the lock held nothing back: the test did not test anything";
}

}  // namespace
}  // namespace hymy::system_test
