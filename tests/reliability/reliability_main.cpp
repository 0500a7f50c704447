// hymy-reliability: runs the store-level fault scenarios (power cuts, full disk, I/O errors) for
// as many rounds as asked and prints one table row per scenario. tests/reliability/run.sh adds
// the fuzzing rows; new scenarios are new rows.
// Usage: hymy-reliability [--rounds N] [--disk-rounds N] [--no-header]
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <sqlite3.h>
#include <string>
#include <vector>

#include "store_scenarios.hpp"
#include "test_support.hpp"

namespace {

using hymy::testing::ScenarioResult;

void print_row(const ScenarioResult& r, const std::string& notes) {
  std::printf("| %-34s | %6d | %8d | %12lld | %9lld | %6lld | %10lld | %s |\n", r.name.c_str(),
              r.rounds, r.rounds_survived, static_cast<long long>(r.acknowledged),
              static_cast<long long>(r.present), static_cast<long long>(r.lost),
              static_cast<long long>(r.duplicates), notes.c_str());
  std::fflush(stdout);
}

std::string cut_notes(const ScenarioResult& r) {
  return "unsynced writes cut " + std::to_string(r.unsynced_ops_cut) + ", torn " +
         std::to_string(r.torn_writes) + ", integrity failures " +
         std::to_string(r.integrity_failures) + ", sent marks lost " +
         std::to_string(r.sent_marks_lost);
}

std::string fault_notes(const ScenarioResult& r) {
  return "errors " + std::to_string(r.errors_seen) + " (disk full " +
         std::to_string(r.disk_full_errors) + "), resumed " + std::to_string(r.rounds_resumed) +
         "/" + std::to_string(r.rounds) + ", integrity failures " +
         std::to_string(r.integrity_failures);
}

bool clean(const ScenarioResult& r) {
  return r.lost == 0 && r.rounds_survived == r.rounds && r.problems.empty() &&
         r.present == r.acknowledged && r.duplicates == 0 && r.unknown_rows == 0;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 200;
  int disk_rounds = 30;
  bool header = true;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--rounds" && i + 1 < argc) {
      rounds = std::atoi(argv[++i]);
    } else if (a == "--disk-rounds" && i + 1 < argc) {
      disk_rounds = std::atoi(argv[++i]);
    } else if (a == "--no-header") {
      header = false;
    } else {
      std::fprintf(stderr, "usage: %s [--rounds N] [--disk-rounds N] [--no-header]\n", argv[0]);
      return 2;
    }
  }
  if (header) {
    std::printf("| %-34s | %6s | %8s | %12s | %9s | %6s | %10s | %s |\n", "fault", "rounds",
                "survived", "acknowledged", "present", "lost", "duplicates", "notes");
    std::printf("|%s|%s|%s|%s|%s|%s|%s|%s|\n", std::string(36, '-').c_str(),
                std::string(8, '-').c_str(), std::string(10, '-').c_str(),
                std::string(14, '-').c_str(), std::string(11, '-').c_str(),
                std::string(8, '-').c_str(), std::string(12, '-').c_str(), "---");
  }
  bool failed = false;
  try {
    using namespace hymy::testing;
    const std::uint64_t seed = scenario_seed();
    auto report = [&](const ScenarioResult& r, const std::string& notes, bool must_be_clean) {
      print_row(r, notes);
      if (must_be_clean && !clean(r)) {
        failed = true;
        std::fprintf(stderr, "%s failed (seed %llu):\n", r.name.c_str(),
                     static_cast<unsigned long long>(r.seed));
        for (const auto& p : r.problems) std::fprintf(stderr, "  %s\n", p.c_str());
      }
    };
    auto power_cut = [&](const std::string& name, LossModel model, bool full, std::uint64_t s_seed) {
      TempDir dir;
      PowerCutScenario s;
      s.name = name;
      s.model = model;
      s.synchronous_full = full;
      s.rounds = rounds;
      s.seed = s_seed;
      return run_power_cut_scenario(s, dir.path());
    };
    for (const auto model : {LossModel::drop_unsynced, LossModel::reorder_and_tear}) {
      const bool torn = model == LossModel::reorder_and_tear;
      const auto r = power_cut(torn ? "power cut, FULL, reordered+torn" : "power cut, FULL, unsynced lost",
                               model, true, seed + (torn ? 1 : 0));
      report(r, cut_notes(r), true);
    }
    {
      // The control: NORMAL must lose answers here, or the harness cannot see a loss.
      const auto r = power_cut("power cut, NORMAL (control)", LossModel::drop_unsynced, false, seed + 2);
      report(r, cut_notes(r) + (r.lost > 0 ? "; losses expected" : "; NO LOSS: harness blind"), false);
      if (r.lost == 0) failed = true;
    }
    {
      // The control for the integrity check: with no syncs at all, torn writes corrupt files.
      TempDir dir;
      PowerCutScenario s;
      s.name = "power cut, OFF, torn (control)";
      s.model = LossModel::reorder_and_tear;
      s.synchronous_off = true;
      s.rounds = rounds;
      s.seed = seed + 6;
      const auto r = run_power_cut_scenario(s, dir.path());
      report(r, cut_notes(r) + (r.integrity_failures > 0 ? "; corruption expected"
                                                           : "; NO CORRUPTION: check blind"),
             false);
      if (r.integrity_failures == 0) failed = true;
    }
    const std::vector<std::pair<std::string, DiskFault>> faults = {
        {"disk full (SQLITE_FULL on write)", {DiskFault::On::write, SQLITE_FULL, 0}},
        {"EIO on write", {DiskFault::On::write, SQLITE_IOERR_WRITE, 0}},
        {"EIO on fsync", {DiskFault::On::sync, SQLITE_IOERR_FSYNC, 0}},
    };
    for (std::size_t i = 0; i < faults.size(); ++i) {
      TempDir dir;
      DiskFaultScenario s;
      s.name = faults[i].first;
      s.fault = faults[i].second;
      s.rounds = disk_rounds;
      s.seed = seed + 3 + i;
      const auto r = run_disk_fault_scenario(s, dir.path());
      report(r, fault_notes(r), true);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hymy-reliability: %s\n", e.what());
    return 1;
  }
  return failed ? 1 : 0;
}
