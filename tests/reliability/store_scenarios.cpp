// Power-cut and disk-fault rounds against hymy::TabletStore (see store_scenarios.hpp). The store
// is always opened through the fault VFS; the check after each round reopens the surviving files
// through the plain "unix" VFS, as the tablet would after a reboot.
#include "store_scenarios.hpp"

#include <sqlite3.h>

#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <stdexcept>

#include "hymy/clock.hpp"
#include "hymy/tablet_store.hpp"
#include "test_support.hpp"

namespace hymy::testing {
namespace {

constexpr std::size_t kMaxProblems = 10;

// What the test knows about one database: what it tried, and what the store acknowledged.
struct Ledger {
  std::set<std::string> attempted;
  std::set<std::string> expected;       // acknowledged and not yet found missing
  std::set<std::string> sent_expected;  // mark_sent returned for these
  std::vector<std::string> unsent;      // acknowledged, not yet marked sent
};

void problem(ScenarioResult& out, const std::string& what) {
  if (out.problems.size() < kMaxProblems) out.problems.push_back(what);
}

void remove_database(const std::filesystem::path& db) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::error_code ignored;
    std::filesystem::remove(db.string() + suffix, ignored);
  }
}

Response next_response(std::mt19937_64& rng) {
  std::uniform_int_distribution<int> rating(1, 4);
  Response r = make_response(rating(rng), now_ms());
  if (rng() % 4 == 0) r.comment = "Hyvä palvelu, kiitos " + std::to_string(rng() % 1000);
  return r;
}

// Reopens the surviving files as the tablet does after a reboot and compares them with the
// ledger. Losses are counted once: a lost id leaves `expected`. Returns true if nothing was lost
// and the file is intact.
bool check_after_reboot(const std::filesystem::path& db, Ledger& ledger, ScenarioResult& out,
                        int round) {
  TabletStore store(db.string());
  // Keep the WAL as it is for the next round instead of checkpointing it on close, so later
  // power cuts land on a WAL of every size, checkpoints included.
  sqlite3_db_config(store.database().handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);

  bool ok = true;
  const std::string integrity = store.database().integrity_check();
  if (integrity != "ok") {
    ++out.integrity_failures;
    problem(out, "round " + std::to_string(round) + ": integrity_check: " + integrity);
    ok = false;
  }
  std::map<std::string, bool> rows;  // id -> marked sent
  auto st = store.database().prepare("SELECT id, sent_at_ms IS NOT NULL FROM responses");
  while (st.step()) {
    const auto [it, fresh] = rows.emplace(st.text(0), st.int32(1) != 0);
    if (!fresh) ++out.duplicates;
    if (!ledger.attempted.count(it->first)) ++out.unknown_rows;
  }
  for (auto it = ledger.expected.begin(); it != ledger.expected.end();) {
    if (rows.count(*it)) {
      ++it;
      continue;
    }
    ++out.lost;
    problem(out, "round " + std::to_string(round) + ": acknowledged answer lost: " + *it);
    ok = false;
    it = ledger.expected.erase(it);
  }
  for (auto it = ledger.sent_expected.begin(); it != ledger.sent_expected.end();) {
    const auto row = rows.find(*it);
    if (row == rows.end() || row->second) {
      ++it;
      continue;
    }
    ++out.sent_marks_lost;
    problem(out, "round " + std::to_string(round) + ": acknowledged mark_sent lost: " + *it);
    it = ledger.sent_expected.erase(it);
  }
  std::erase_if(ledger.unsent, [&](const std::string& id) { return !rows.count(id); });
  return ok;
}

// As check_after_reboot; a file SQLite cannot even read counts as corrupt, everything in it as
// lost, and the next round starts on a new file (the tablet would need reinstalling).
bool reboot_and_check(const std::filesystem::path& db, Ledger& ledger, ScenarioResult& out,
                      int round) {
  FaultVfs::make_plain_default();
  try {
    return check_after_reboot(db, ledger, out, round);
  } catch (const sqlite::Error& e) {
    ++out.integrity_failures;
    out.lost += static_cast<std::int64_t>(ledger.expected.size());
    problem(out, "round " + std::to_string(round) + ": unreadable after reboot: " + e.what());
    ledger = {};
    remove_database(db);
    return false;
  }
}

// One step of what a tablet does: mostly answers, sometimes the daemon marking a batch sent,
// sometimes a checkpoint (which the two processes trigger between them).
void tablet_step(TabletStore& store, Ledger& ledger, ScenarioResult& out, std::mt19937_64& rng) {
  const auto dice = rng() % 100;
  if (dice < 12 && !ledger.unsent.empty()) {
    const std::size_t n = std::min<std::size_t>(ledger.unsent.size(), 1 + rng() % 5);
    const std::vector<std::string> batch(ledger.unsent.begin(),
                                         ledger.unsent.begin() + static_cast<std::ptrdiff_t>(n));
    store.mark_sent(batch, now_ms());
    ledger.sent_expected.insert(batch.begin(), batch.end());
    ledger.unsent.erase(ledger.unsent.begin(), ledger.unsent.begin() + static_cast<std::ptrdiff_t>(n));
  } else if (dice < 20) {
    store.database().exec("PRAGMA wal_checkpoint(PASSIVE)");
  } else if (dice < 24) {
    store.database().exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } else {
    const Response r = next_response(rng);
    ledger.attempted.insert(r.id);
    store.insert_response(r);
    // Returned: this is the moment the kiosk shows "thank you".
    ++out.acknowledged;
    ledger.expected.insert(r.id);
    ledger.unsent.push_back(r.id);
  }
}

}  // namespace

std::uint64_t scenario_seed() {
  if (const char* s = std::getenv("HYMY_RELIABILITY_SEED")) return std::strtoull(s, nullptr, 10);
  return std::random_device{}();
}

int env_int(const char* name, int fallback) {
  const char* s = std::getenv(name);
  if (!s || !*s) return fallback;
  return std::atoi(s);
}

ScenarioResult run_power_cut_scenario(const PowerCutScenario& s, const std::filesystem::path& dir) {
  ScenarioResult out;
  out.name = s.name;
  out.seed = s.seed;
  std::mt19937_64 rng(s.seed);
  FaultVfs& vfs = FaultVfs::instance();
  const std::filesystem::path db = dir / "tablet.db";
  Ledger ledger;
  sqlite::OpenOptions options;
  options.synchronous_full = s.synchronous_full;

  for (int round = 0; round < s.rounds; ++round) {
    if (round % s.fresh_database_every == 0) {
      out.present += static_cast<std::int64_t>(ledger.expected.size());
      ledger = {};
      remove_database(db);
    }
    vfs.reset();
    vfs.cut_power_at(1 + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(s.max_cut_op)));
    vfs.make_default();
    try {
      TabletStore store(db.string(), options);
      if (s.synchronous_off) store.database().exec("PRAGMA synchronous=OFF");
      for (int step = 0; step < s.max_steps_per_round && !vfs.power_is_off(); ++step)
        tablet_step(store, ledger, out, rng);
    } catch (const sqlite::Error& e) {
      // Only the power cut may stop the tablet; anything else is a failure of its own.
      if (!vfs.power_is_off())
        problem(out, "round " + std::to_string(round) + ": store failed with power on: " + e.what());
    }
    vfs.cut_power_now();  // if it has not come yet, it comes now, while the tablet is idle
    const PowerCutDamage damage = vfs.apply_power_cut(s.model, rng);
    out.unsynced_ops_cut += damage.unsynced_ops;
    out.torn_writes += damage.torn_writes;
    ++out.rounds;
    if (reboot_and_check(db, ledger, out, round)) ++out.rounds_survived;
  }
  out.present += static_cast<std::int64_t>(ledger.expected.size());
  FaultVfs::make_plain_default();
  return out;
}

ScenarioResult run_disk_fault_scenario(const DiskFaultScenario& s,
                                       const std::filesystem::path& dir) {
  ScenarioResult out;
  out.name = s.name;
  out.seed = s.seed;
  std::mt19937_64 rng(s.seed);
  FaultVfs& vfs = FaultVfs::instance();
  const std::filesystem::path db = dir / "tablet.db";
  Ledger ledger;
  remove_database(db);
  const bool want_full = (s.fault.code & 0xff) == SQLITE_FULL;

  for (int round = 0; round < s.rounds; ++round) {
    const std::string at = "round " + std::to_string(round) + ": ";
    vfs.reset();
    vfs.make_default();
    {
      TabletStore store(db.string());
      for (int i = 0; i < 5; ++i) tablet_step(store, ledger, out, rng);

      DiskFault fault = s.fault;
      fault.after_ops = static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(s.max_after_ops + 1));
      vfs.inject(fault);
      int failures = 0;
      for (int attempt = 0; attempt < 200 && failures < 3; ++attempt) {
        try {
          tablet_step(store, ledger, out, rng);
        } catch (const sqlite::Error& e) {
          ++failures;
          ++out.errors_seen;
          if (e.disk_full()) ++out.disk_full_errors;
          const bool right_kind = want_full ? e.disk_full() : (e.code() & 0xff) == SQLITE_IOERR;
          if (!right_kind)
            problem(out, at + "expected " + sqlite3_errstr(s.fault.code) + ", got code " +
                             std::to_string(e.code()) + ": " + e.what());
        }
      }
      if (failures == 0) problem(out, at + "the injected fault never reached the caller");
      // Whatever was acknowledged before is still there, read through the failing connection.
      for (const auto& id : ledger.expected) {
        if (!store.find_response(id)) {
          problem(out, at + "acknowledged answer unreadable while the disk failed: " + id);
          break;
        }
      }
      out.faults_injected += vfs.faults_returned();
      vfs.lift_fault();
      // Space freed / disk healthy again: the same connection must write again at once.
      bool resumed = true;
      for (int i = 0; i < 5 && resumed; ++i) {
        const Response r = next_response(rng);
        ledger.attempted.insert(r.id);
        try {
          store.insert_response(r);
          ++out.acknowledged;
          ledger.expected.insert(r.id);
          ledger.unsent.push_back(r.id);
        } catch (const sqlite::Error& e) {
          resumed = false;
          problem(out, at + "writing did not resume after the fault was lifted: " + e.what());
        }
      }
      if (resumed) ++out.rounds_resumed;
      vfs.cut_power_now();
    }
    out.unsynced_ops_cut += vfs.apply_power_cut(LossModel::drop_unsynced, rng).unsynced_ops;
    ++out.rounds;
    if (reboot_and_check(db, ledger, out, round)) ++out.rounds_survived;
  }
  out.present += static_cast<std::int64_t>(ledger.expected.size());
  FaultVfs::make_plain_default();
  return out;
}

}  // namespace hymy::testing
