// A power cut on the tablet, simulated many times: with synchronous=FULL every answer the kiosk
// thanked the visitor for is still there after the reboot and the file is intact, whether the
// disk lost all unsynced writes or kept some of them torn. With synchronous=NORMAL the same
// harness must catch lost answers, which shows it can tell the two apart (SIGKILL cannot), and
// with synchronous=OFF it must catch a corrupt file.
#include <gtest/gtest.h>

#include "store_scenarios.hpp"
#include "test_support.hpp"

namespace hymy::testing {
namespace {

// HYMY_POWER_CUT_ROUNDS raises the count for a longer run; CI keeps the default.
int rounds() { return env_int("HYMY_POWER_CUT_ROUNDS", 200); }

std::string describe(const ScenarioResult& r) {
  std::string s = r.name + " (seed " + std::to_string(r.seed) + "; rerun with HYMY_RELIABILITY_SEED)";
  for (const auto& p : r.problems) s += "\n  " + p;
  return s;
}

void expect_nothing_lost(const ScenarioResult& r) {
  EXPECT_EQ(r.rounds, rounds()) << describe(r);
  EXPECT_EQ(r.rounds_survived, r.rounds) << describe(r);
  EXPECT_EQ(r.lost, 0) << describe(r);
  EXPECT_EQ(r.sent_marks_lost, 0) << describe(r);
  EXPECT_EQ(r.integrity_failures, 0) << describe(r);
  EXPECT_EQ(r.duplicates, 0) << describe(r);
  EXPECT_EQ(r.unknown_rows, 0) << describe(r);
  EXPECT_EQ(r.present, r.acknowledged) << describe(r);
  EXPECT_TRUE(r.problems.empty()) << describe(r);
  // The cuts must have caught work in flight, or the test proved nothing.
  EXPECT_GT(r.acknowledged, 0);
  EXPECT_GT(r.unsynced_ops_cut, 0) << describe(r);
}

TEST(PowerCut, FullSyncLosesNothingWhenUnsyncedWritesVanish) {
  TempDir dir;
  PowerCutScenario s;
  s.name = "power cut, FULL, unsynced lost";
  s.rounds = rounds();
  s.seed = scenario_seed();
  expect_nothing_lost(run_power_cut_scenario(s, dir.path()));
}

TEST(PowerCut, FullSyncLosesNothingWhenUnsyncedWritesAreReorderedAndTorn) {
  TempDir dir;
  PowerCutScenario s;
  s.name = "power cut, FULL, torn";
  s.model = LossModel::reorder_and_tear;
  s.rounds = rounds();
  s.seed = scenario_seed();
  const ScenarioResult r = run_power_cut_scenario(s, dir.path());
  expect_nothing_lost(r);
  EXPECT_GT(r.torn_writes, 0) << describe(r);
}

// The harness has teeth: NORMAL leaves WAL commits unsynced until a checkpoint, so a power cut
// must cost acknowledged answers in some rounds — while the file itself stays consistent.
TEST(PowerCut, NormalSyncIsCaughtLosingAcknowledgedAnswers) {
  TempDir dir;
  PowerCutScenario s;
  s.name = "power cut, NORMAL, unsynced lost";
  s.synchronous_full = false;
  s.rounds = rounds();
  s.seed = scenario_seed();
  const ScenarioResult r = run_power_cut_scenario(s, dir.path());
  EXPECT_GT(r.lost, 0) << describe(r);
  EXPECT_LT(r.rounds_survived, r.rounds) << describe(r);
  EXPECT_EQ(r.present + r.lost, r.acknowledged) << describe(r);
  EXPECT_EQ(r.integrity_failures, 0) << describe(r);
  EXPECT_EQ(r.unknown_rows, 0) << describe(r);
}

// And the integrity check has teeth: with no syncs at all, torn and reordered writes corrupt the
// file in some rounds, and the reboot check must notice.
TEST(PowerCut, SyncOffIsCaughtCorruptingTheFile) {
  TempDir dir;
  PowerCutScenario s;
  s.name = "power cut, OFF, torn";
  s.model = LossModel::reorder_and_tear;
  s.synchronous_off = true;
  s.rounds = rounds();
  s.seed = scenario_seed();
  const ScenarioResult r = run_power_cut_scenario(s, dir.path());
  EXPECT_GT(r.integrity_failures, 0) << describe(r);
  EXPECT_LT(r.rounds_survived, r.rounds) << describe(r);
}

}  // namespace
}  // namespace hymy::testing
