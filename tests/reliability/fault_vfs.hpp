// A test-only SQLite VFS over the default "unix" one that can simulate a power cut and inject disk
// faults. It remembers every write and truncate made since each file's last xSync (the bytes it
// replaced, too), so that after a simulated power cut it can put the files back the way a disk
// would find them: whatever was never synced is gone, or (in the harsher model) only some of it
// reached the platter, in any order, with torn sectors. Production code never sees this: tests
// make it the process's default VFS, open stores as usual, and switch back to "unix" to check.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

struct sqlite3_vfs;

namespace hymy::testing {

// What a power cut does to writes that were never synced.
enum class LossModel {
  drop_unsynced,    // all of them are lost
  reorder_and_tear  // each is lost or kept independently; a kept one may keep only some sectors
};

// A disk fault armed on the shim: after `after_ops` more mutating operations succeed, every
// operation of the chosen kind fails with `code` until the fault is lifted.
struct DiskFault {
  enum class On { write, sync, any };
  On on = On::write;
  int code = 0;  // an SQLite result code: SQLITE_FULL, SQLITE_IOERR_WRITE, SQLITE_IOERR_FSYNC...
  std::int64_t after_ops = 0;
};

// What a power cut did, for the figures.
struct PowerCutDamage {
  std::int64_t unsynced_ops = 0;  // writes and truncates not yet synced when the power went
  std::int64_t kept_ops = 0;      // of those, how many reached the disk (whole or torn)
  std::int64_t torn_writes = 0;   // of those, how many only in part
};

class FaultVfs {
 public:
  static constexpr const char* kName = "hymy-fault";

  // The one shim of this process (SQLite's VFS list is process-wide), registered on first use.
  static FaultVfs& instance();

  // Makes the shim, or the plain "unix" VFS, the default for connections opened from now on.
  void make_default();
  static void make_plain_default();

  // Forgets every tracked write, counter, fault and power cut: a fresh disk, fully synced.
  void reset();

  // Mutating operations (xWrite, xTruncate, xSync on named files) since reset().
  std::int64_t operations() const;

  // The power goes at the `op`-th mutating operation from reset() (1-based): that one and every
  // later one fail with an I/O error and change nothing.
  void cut_power_at(std::int64_t op);
  void cut_power_now();
  bool power_is_off() const;

  // After every connection through the shim was closed: rewrites the files on disk as a power
  // cut leaves them, then turns the power back on with nothing pending.
  PowerCutDamage apply_power_cut(LossModel model, std::mt19937_64& rng);

  void inject(const DiskFault& fault);
  void lift_fault();
  std::int64_t faults_returned() const;

  // --- used by the VFS callbacks ---
  struct PendingOp {
    bool is_write = true;
    std::int64_t offset = 0;     // write: where; truncate: the new size
    std::string data;            // write: the bytes written
    std::int64_t old_size = 0;   // file size before the operation
    std::string old_bytes;       // what was in [offset, old_size) that the operation replaced
  };
  enum class Mutation { write, truncate, sync };
  // Counts the operation; returns the result code it must fail with, or 0 to let it through.
  int before_mutation(Mutation kind);
  bool deletes_fail() const;
  void record(const std::string& path, PendingOp op);
  void synced(const std::string& path);
  void forget(const std::string& path);

 private:
  FaultVfs();
  sqlite3_vfs* vfs_;
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<PendingOp>> pending_;
  std::int64_t ops_ = 0;
  std::int64_t cut_at_ = 0;  // 0: no cut planned
  bool power_off_ = false;
  std::optional<DiskFault> fault_;
  std::int64_t fault_armed_at_ = 0;
  std::int64_t faults_returned_ = 0;
};

}  // namespace hymy::testing
