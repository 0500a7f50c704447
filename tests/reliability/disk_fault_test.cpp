// A full disk and failing I/O under the tablet's store: the insert that cannot be stored throws
// (sqlite::Error, disk_full() for ENOSPC), so the kiosk never thanks for it; everything stored
// before stays readable; the same connection writes again once the fault is gone; and a power
// cut afterwards still loses nothing acknowledged.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "hymy/tablet_store.hpp"
#include "store_scenarios.hpp"
#include "test_support.hpp"

namespace hymy::testing {
namespace {

int rounds() { return env_int("HYMY_DISK_FAULT_ROUNDS", 30); }

std::string describe(const ScenarioResult& r) {
  std::string s = r.name + " (seed " + std::to_string(r.seed) + "; rerun with HYMY_RELIABILITY_SEED)";
  for (const auto& p : r.problems) s += "\n  " + p;
  return s;
}

void expect_survived(const ScenarioResult& r) {
  EXPECT_EQ(r.rounds, rounds()) << describe(r);
  EXPECT_EQ(r.rounds_survived, r.rounds) << describe(r);
  EXPECT_EQ(r.rounds_resumed, r.rounds) << describe(r);
  EXPECT_EQ(r.lost, 0) << describe(r);
  EXPECT_EQ(r.present, r.acknowledged) << describe(r);
  EXPECT_EQ(r.integrity_failures, 0) << describe(r);
  EXPECT_EQ(r.unknown_rows, 0) << describe(r);
  EXPECT_TRUE(r.problems.empty()) << describe(r);
  EXPECT_GE(r.errors_seen, 3 * r.rounds) << describe(r);
  EXPECT_GE(r.faults_injected, r.errors_seen) << describe(r);
}

DiskFaultScenario scenario(const std::string& name, DiskFault::On on, int code) {
  DiskFaultScenario s;
  s.name = name;
  s.fault.on = on;
  s.fault.code = code;
  s.rounds = rounds();
  s.seed = scenario_seed();
  return s;
}

TEST(DiskFault, FullDiskRefusesTheInsertAndResumesWhenSpaceIsFreed) {
  TempDir dir;
  const ScenarioResult r =
      run_disk_fault_scenario(scenario("disk full on write", DiskFault::On::write, SQLITE_FULL), dir.path());
  expect_survived(r);
  EXPECT_EQ(r.disk_full_errors, r.errors_seen) << describe(r);
}

TEST(DiskFault, WriteErrorRefusesTheInsertAndResumes) {
  TempDir dir;
  const ScenarioResult r = run_disk_fault_scenario(
      scenario("EIO on write", DiskFault::On::write, SQLITE_IOERR_WRITE), dir.path());
  expect_survived(r);
  EXPECT_EQ(r.disk_full_errors, 0) << describe(r);
}

TEST(DiskFault, FsyncErrorRefusesTheInsertAndResumes) {
  TempDir dir;
  const ScenarioResult r = run_disk_fault_scenario(
      scenario("EIO on fsync", DiskFault::On::sync, SQLITE_IOERR_FSYNC), dir.path());
  expect_survived(r);
  EXPECT_EQ(r.disk_full_errors, 0) << describe(r);
}

// The exact error the kiosk gets: what it shows staff depends on it.
TEST(DiskFault, InsertOnAFullDiskThrowsDiskFullNamingTheProblem) {
  TempDir dir;
  FaultVfs& vfs = FaultVfs::instance();
  vfs.reset();
  vfs.make_default();
  {
    TabletStore store(dir.file("tablet.db"));
    const Response stored = make_response(4, 1'767'225'600'000);
    store.insert_response(stored);
    vfs.inject({DiskFault::On::write, SQLITE_FULL, 0});
    const Response refused = make_response(3, 1'767'225'601'000);
    try {
      store.insert_response(refused);
      ADD_FAILURE() << "insert_response returned on a full disk";
    } catch (const sqlite::Error& e) {
      EXPECT_TRUE(e.disk_full()) << e.what();
      EXPECT_NE(std::string(e.what()).find("full"), std::string::npos) << e.what();
    }
    vfs.lift_fault();
    EXPECT_TRUE(store.find_response(stored.id).has_value());
    EXPECT_FALSE(store.find_response(refused.id).has_value());
    store.insert_response(refused);  // the kiosk may retry the same answer once space is back
    EXPECT_TRUE(store.find_response(refused.id).has_value());
  }
  FaultVfs::make_plain_default();
}

}  // namespace
}  // namespace hymy::testing
