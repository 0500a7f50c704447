// Fault scenarios run against hymy::TabletStore through the fault VFS: power cuts at random
// moments and disk faults (full disk, I/O errors). Each scenario runs many rounds over one
// database and returns counts, so the GoogleTest suite can assert on them and the reliability
// command can print them as one row of its table.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "fault_vfs.hpp"

namespace hymy::testing {

struct ScenarioResult {
  std::string name;
  std::uint64_t seed = 0;
  int rounds = 0;
  int rounds_survived = 0;           // no acknowledged answer lost, integrity_check ok
  std::int64_t acknowledged = 0;     // answers whose insert returned ("thank you" shown)
  std::int64_t present = 0;          // of those, present after the last reboot
  std::int64_t lost = 0;             // acknowledged, then missing after a reboot
  std::int64_t duplicates = 0;       // rows sharing an id (the primary key should forbid it)
  std::int64_t unknown_rows = 0;     // rows nobody tried to insert
  std::int64_t sent_marks_lost = 0;  // mark_sent returned, then the row was unsent again
  std::int64_t integrity_failures = 0;
  std::int64_t unsynced_ops_cut = 0;  // writes the power cuts caught unsynced
  std::int64_t torn_writes = 0;
  std::int64_t faults_injected = 0;   // operations the VFS failed on purpose (disk faults)
  std::int64_t errors_seen = 0;       // inserts that threw while a fault was armed
  std::int64_t disk_full_errors = 0;  // of those, sqlite::Error::disk_full()
  int rounds_resumed = 0;             // rounds where writing worked again once the fault lifted
  std::vector<std::string> problems;  // the first few failures, for test messages
};

struct PowerCutScenario {
  std::string name;
  LossModel model = LossModel::drop_unsynced;
  bool synchronous_full = true;
  // synchronous=OFF after opening: SQLite then never syncs, so torn and reordered writes can
  // corrupt the file itself; a control for the integrity check.
  bool synchronous_off = false;
  int rounds = 200;
  std::uint64_t seed = 1;
  int max_steps_per_round = 40;  // inserts, sent marks and checkpoints before the idle cut
  int max_cut_op = 220;          // the cut lands at a mutating operation in 1..max_cut_op
  int fresh_database_every = 50; // so cuts also land while a new database is created
};

ScenarioResult run_power_cut_scenario(const PowerCutScenario& s, const std::filesystem::path& dir);

struct DiskFaultScenario {
  std::string name;
  DiskFault fault;  // after_ops is drawn per round in 0..max_after_ops
  int max_after_ops = 30;
  int rounds = 30;
  std::uint64_t seed = 1;
};

// Each round: answers are stored, the fault is armed, inserts go on until three have failed,
// acknowledged answers are checked through the same connection, the fault is lifted, writing
// must work again, then a power cut and a reboot check that nothing acknowledged was lost.
ScenarioResult run_disk_fault_scenario(const DiskFaultScenario& s, const std::filesystem::path& dir);

// The seed for a scenario: HYMY_RELIABILITY_SEED if set, else a fresh random one.
std::uint64_t scenario_seed();
// An integer from the environment, or `fallback`.
int env_int(const char* name, int fallback);

}  // namespace hymy::testing
