// The kiosk and the sync daemon are two processes on one SQLite file: writers must wait for each
// other (busy_timeout) rather than fail, while a reader keeps reading.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>
#include <thread>

#include "child_process.hpp"
#include "hymy/clock.hpp"
#include "hymy/tablet_store.hpp"
#include "test_support.hpp"

namespace hymy {
namespace {

TEST(MultiProcess, TwoWritersAndAReaderShareOneFile) {
  testing::TempDir dir;
  const std::string db = dir.file("tablet.db");
  { TabletStore create(db); }

  constexpr int kEach = 150;
  testing::ChildProcess a({HYMY_STORE_WRITER, db, std::to_string(kEach), "tab-a"});
  testing::ChildProcess b({HYMY_STORE_WRITER, db, std::to_string(kEach), "tab-b"});

  // Meanwhile this process reads and marks rows sent, as the sync daemon does.
  TabletStore reader(db);
  std::int64_t marked = 0;
  std::string line;
  int lines_a = 0;
  while (a.read_line(line)) {
    ++lines_a;
    auto batch = reader.outbox(20, now_ms());
    std::vector<std::string> ids;
    for (const auto& r : batch) ids.push_back(r.id);
    reader.mark_sent(ids, now_ms());
    marked += static_cast<std::int64_t>(ids.size());
  }
  int lines_b = 0;
  while (b.read_line(line)) ++lines_b;

  EXPECT_EQ(a.wait(), 0);
  EXPECT_EQ(b.wait(), 0);
  EXPECT_EQ(lines_a, kEach);
  EXPECT_EQ(lines_b, kEach);
  EXPECT_EQ(reader.response_count(), 2 * kEach);
  EXPECT_EQ(reader.unsent_count(), 2 * kEach - marked);
  EXPECT_EQ(reader.database().integrity_check(), "ok");
}

// The kiosk and the daemon start together on a new tablet: both create and migrate the same new
// file at once, and neither may fail or apply a step twice.
TEST(MultiProcess, SeveralProcessesCreateTheSameNewDatabaseAtOnce) {
  for (int round = 0; round < 5; ++round) {
    testing::TempDir dir;
    const std::string db = dir.file("new.db");
    std::vector<std::unique_ptr<testing::ChildProcess>> children;
    for (int i = 0; i < 4; ++i) {
      children.push_back(std::make_unique<testing::ChildProcess>(
          std::vector<std::string>{HYMY_STORE_WRITER, db, "3", "tab-" + std::to_string(i)}));
    }
    for (auto& child : children) EXPECT_EQ(child->wait(), 0) << "round " << round;
    TabletStore store(db);
    EXPECT_EQ(store.response_count(), 12);
    EXPECT_EQ(store.database().user_version(),
              static_cast<int>(TabletStore::migrations().size()));
  }
}

}  // namespace
}  // namespace hymy
