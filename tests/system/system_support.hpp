// The tablet side of the system tests and what every scenario shares: a tablet folder with one
// configuration file for kiosk and daemon, answers seeded straight into its database, the real
// hymy-sync and hymy-kiosk as processes, the comparison of the tablet's ids with HQ's, the
// summary line each scenario prints, and the scale knobs (environment variables) that turn the
// short CI runs into the long reliability runs.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "child.hpp"
#include "hq_process.hpp"
#include "test_support.hpp"

namespace hymy::system_test {

// HYMY_SYSTEM_<name> from the environment if set (a positive integer), else `fallback`.
int scaled(const char* name, int fallback);
// The seed of the scenario's random choices: HYMY_SYSTEM_SEED, or a fresh one. Printed by the
// summary line so a failing run can be repeated.
std::uint32_t seed();

struct TabletRow {
  int rating = 0;
  std::int64_t answered_at_ms = 0;
  std::optional<std::string> comment;
  bool sent = false;
  bool awaiting_comment = false;  // the kiosk holds it back until the visitor sends or skips
  std::optional<std::string> rejected_reason;
};

class Tablet {
 public:
  Tablet(const std::filesystem::path& dir, std::string device_id, std::string unit_id);

  std::string db() const { return (dir_ / "tablet.db").string(); }
  std::string config() const { return (dir_ / "tablet.toml").string(); }
  std::string token_file() const { return (dir_ / "device-token").string(); }
  const std::string& device_id() const { return device_id_; }
  const std::filesystem::path& dir() const { return dir_; }

  // One file for kiosk and daemon: [device], [kiosk] (when `kiosk_section` is not empty), [sync]
  // with hq_url and short timings, plus `sync_extra` lines.
  void write_config(const std::string& hq_url, const std::string& token, const std::string& sync_extra = "",
                    const std::string& kiosk_section = "");
  // Stores `n` answers as the kiosk would (id order = answer order); returns their ids.
  std::vector<std::string> seed(int n, std::mt19937& rng);

  std::map<std::string, TabletRow> rows() const;
  std::int64_t unsent() const;
  std::int64_t sent() const;

  // hymy-sync in service mode; its log goes to sync.log in the tablet folder.
  std::unique_ptr<Child> start_daemon() const;
  RunResult sync_once() const;
  RunResult sync_status() const;
  std::string daemon_log() const { return read_file((dir_ / "sync.log").string()); }

 private:
  std::filesystem::path dir_;
  std::string device_id_;
  std::string unit_id_;
};

struct Comparison {
  std::int64_t on_tablet = 0;
  std::int64_t acknowledged = 0;  // marked sent on the tablet
  std::int64_t rejected = 0;      // kept on the tablet with HQ's reason
  std::int64_t held = 0;          // unsent, awaiting a comment that a killed kiosk never finished
  std::int64_t at_hq = 0;         // distinct ids at HQ
  std::int64_t present = 0;       // tablet ids HQ holds
  std::int64_t duplicates = 0;    // HQ rows beyond one per id
  std::int64_t content_mismatches = 0;
  std::vector<std::string> missing;  // on the tablet, not at HQ
  std::vector<std::string> extra;    // at HQ, not on the tablet
  std::vector<std::string> acknowledged_but_missing;
  bool exact() const {
    return missing.empty() && extra.empty() && duplicates == 0 && content_mismatches == 0 &&
           rejected == 0 && acknowledged + held == on_tablet;
  }
};
Comparison compare(const Tablet& tablet, const HqContents& hq);
std::string describe(const Comparison& c);

// One line per scenario on stdout, for the reliability report:
// SYSTEM scenario=NAME rounds=R answers=N acknowledged=A present_at_hq=P duplicates=D missing=M ...
void print_summary(const std::string& scenario, int rounds, const Comparison& c,
                   const std::vector<std::pair<std::string, std::int64_t>>& extra = {});

// A private Xvfb display (":N"), started once per test process; "" when Xvfb is not installed.
const std::string& xvfb_display();

}  // namespace hymy::system_test
