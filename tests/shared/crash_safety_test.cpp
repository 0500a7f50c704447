// A tablet can lose power or be killed at any instant. A child process commits responses and
// reports each id the moment its commit returned; we SIGKILL it at random points, many times over
// one database, and check every reported id survived and the file is intact.
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>

#include "child_process.hpp"
#include "hymy/tablet_store.hpp"
#include "test_support.hpp"

namespace hymy {
namespace {

TEST(CrashSafety, EveryAcknowledgedResponseSurvivesSigkill) {
  testing::TempDir dir;
  const std::string db = dir.file("tablet.db");
  std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<int> kill_after(0, 40);
  std::set<std::string> acknowledged;

  constexpr int kRounds = 40;
  for (int round = 0; round < kRounds; ++round) {
    testing::ChildProcess child({HYMY_STORE_WRITER, db, "100000", "tab-1"});
    const int target = kill_after(rng);
    std::string id;
    for (int seen = 0; seen < target && child.read_line(id); ++seen) acknowledged.insert(id);
    child.kill_now();
    // Ids printed before the kill landed are acknowledged too: drain the pipe.
    while (child.read_line(id)) acknowledged.insert(id);
    const int status = child.wait();
    ASSERT_TRUE(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0))
        << "writer failed in round " << round;
  }

  TabletStore store(db);
  EXPECT_EQ(store.database().integrity_check(), "ok");
  for (const auto& ack : acknowledged) {
    ASSERT_TRUE(store.find_response(ack).has_value()) << "acknowledged response lost: " << ack;
  }
  // Nothing is invented either: at most one unacknowledged commit per round can be extra.
  EXPECT_GE(store.response_count(), static_cast<std::int64_t>(acknowledged.size()));
  EXPECT_LE(store.response_count(), static_cast<std::int64_t>(acknowledged.size()) + kRounds);
}

}  // namespace
}  // namespace hymy
