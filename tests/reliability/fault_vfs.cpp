// The power-cut and disk-fault VFS shim (see fault_vfs.hpp). Every call is forwarded to the
// "unix" VFS except that mutating file operations pass through FaultVfs first, which counts them,
// fails them when a fault or the power cut says so, and logs what they changed until the next
// sync of that file.
#include "fault_vfs.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>
#include <stdexcept>
#include <system_error>

namespace hymy::testing {
namespace {

// The disk's atomic unit when a write is torn.
constexpr std::int64_t kSectorBytes = 512;

sqlite3_vfs* plain_vfs() {
  sqlite3_vfs* v = sqlite3_vfs_find("unix");
  if (!v) throw std::runtime_error("SQLite has no \"unix\" VFS to wrap");
  return v;
}

FaultVfs& owner(sqlite3_vfs* vfs) { return *static_cast<FaultVfs*>(vfs->pAppData); }

// Our sqlite3_file: SQLite allocates szOsFile bytes; the real file lives right after this header.
// `path` is null for files SQLite deletes on close (temp files), which are never tracked.
struct ShimFile {
  sqlite3_file base;
  sqlite3_file* real;
  FaultVfs* owner;
  std::string* path;
};

ShimFile& shim(sqlite3_file* f) { return *reinterpret_cast<ShimFile*>(f); }
sqlite3_file* real(sqlite3_file* f) { return shim(f).real; }

int shim_close(sqlite3_file* f) {
  ShimFile& s = shim(f);
  const int rc = s.real->pMethods ? s.real->pMethods->xClose(s.real) : SQLITE_OK;
  delete s.path;
  s.path = nullptr;
  return rc;
}

int shim_read(sqlite3_file* f, void* buf, int n, sqlite3_int64 off) {
  return real(f)->pMethods->xRead(real(f), buf, n, off);
}

// The size of the real file, or -1 if it cannot be read.
std::int64_t file_size(sqlite3_file* real_file) {
  sqlite3_int64 size = 0;
  if (real_file->pMethods->xFileSize(real_file, &size) != SQLITE_OK) return -1;
  return size;
}

int shim_write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
  ShimFile& s = shim(f);
  if (!s.path) return s.real->pMethods->xWrite(s.real, buf, n, off);
  if (const int rc = s.owner->before_mutation(FaultVfs::Mutation::write)) return rc;
  FaultVfs::PendingOp op;
  op.is_write = true;
  op.offset = off;
  op.data.assign(static_cast<const char*>(buf), static_cast<std::size_t>(n));
  op.old_size = file_size(s.real);
  if (op.old_size < 0) return SQLITE_IOERR_FSTAT;
  const std::int64_t keep = std::min<std::int64_t>(n, op.old_size - off);
  if (keep > 0) {
    op.old_bytes.resize(static_cast<std::size_t>(keep));
    const int rc = s.real->pMethods->xRead(s.real, op.old_bytes.data(), static_cast<int>(keep), off);
    if (rc != SQLITE_OK) return rc;
  }
  const int rc = s.real->pMethods->xWrite(s.real, buf, n, off);
  if (rc == SQLITE_OK) s.owner->record(*s.path, std::move(op));
  return rc;
}

int shim_truncate(sqlite3_file* f, sqlite3_int64 size) {
  ShimFile& s = shim(f);
  if (!s.path) return s.real->pMethods->xTruncate(s.real, size);
  if (const int rc = s.owner->before_mutation(FaultVfs::Mutation::truncate)) return rc;
  FaultVfs::PendingOp op;
  op.is_write = false;
  op.offset = size;
  op.old_size = file_size(s.real);
  if (op.old_size < 0) return SQLITE_IOERR_FSTAT;
  if (op.old_size > size) {
    op.old_bytes.resize(static_cast<std::size_t>(op.old_size - size));
    const int rc = s.real->pMethods->xRead(s.real, op.old_bytes.data(),
                                          static_cast<int>(op.old_size - size), size);
    if (rc != SQLITE_OK) return rc;
  }
  const int rc = s.real->pMethods->xTruncate(s.real, size);
  if (rc == SQLITE_OK) s.owner->record(*s.path, std::move(op));
  return rc;
}

// Durability is what the shim models, so the real fsync is skipped: the tests run at memory
// speed and do not depend on the disk of the machine running them.
int shim_sync(sqlite3_file* f, int /*flags*/) {
  ShimFile& s = shim(f);
  if (!s.path) return SQLITE_OK;
  if (const int rc = s.owner->before_mutation(FaultVfs::Mutation::sync)) return rc;
  s.owner->synced(*s.path);
  return SQLITE_OK;
}

int shim_file_size(sqlite3_file* f, sqlite3_int64* size) {
  return real(f)->pMethods->xFileSize(real(f), size);
}
int shim_lock(sqlite3_file* f, int level) { return real(f)->pMethods->xLock(real(f), level); }
int shim_unlock(sqlite3_file* f, int level) { return real(f)->pMethods->xUnlock(real(f), level); }
int shim_check_reserved(sqlite3_file* f, int* out) {
  return real(f)->pMethods->xCheckReservedLock(real(f), out);
}

int shim_file_control(sqlite3_file* f, int op, void* arg) {
  // Size hints and chunk sizes would let the unix VFS grow files behind the shim's back.
  if (op == SQLITE_FCNTL_SIZE_HINT || op == SQLITE_FCNTL_CHUNK_SIZE) return SQLITE_NOTFOUND;
  return real(f)->pMethods->xFileControl(real(f), op, arg);
}
int shim_sector_size(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
int shim_device_characteristics(sqlite3_file* f) {
  return real(f)->pMethods->xDeviceCharacteristics(real(f));
}

// The WAL index (-shm) is shared memory, rebuilt from the WAL after a crash: passed through.
int shim_shm_map(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
  return real(f)->pMethods->xShmMap(real(f), page, size, extend, out);
}
int shim_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
}
void shim_shm_barrier(sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); }
int shim_shm_unmap(sqlite3_file* f, int delete_flag) {
  return real(f)->pMethods->xShmUnmap(real(f), delete_flag);
}

// Version 2: WAL's shared memory, but no memory-mapped reads (xFetch), so every read and write
// goes through the calls above.
const sqlite3_io_methods kShimMethods = {
    2,
    shim_close,
    shim_read,
    shim_write,
    shim_truncate,
    shim_sync,
    shim_file_size,
    shim_lock,
    shim_unlock,
    shim_check_reserved,
    shim_file_control,
    shim_sector_size,
    shim_device_characteristics,
    shim_shm_map,
    shim_shm_lock,
    shim_shm_barrier,
    shim_shm_unmap,
    nullptr,
    nullptr,
};

int vfs_open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  ShimFile& s = shim(f);
  s.base.pMethods = nullptr;
  s.real = reinterpret_cast<sqlite3_file*>(&s + 1);
  s.owner = &owner(vfs);
  s.path = nullptr;
  const int rc = plain_vfs()->xOpen(plain_vfs(), name, s.real, flags, out_flags);
  if (rc != SQLITE_OK) {
    if (s.real->pMethods) s.real->pMethods->xClose(s.real);
    return rc;
  }
  if (name && !(flags & SQLITE_OPEN_DELETEONCLOSE)) s.path = new std::string(name);
  s.base.pMethods = &kShimMethods;
  return SQLITE_OK;
}

// Deleting is treated as durable at once (directory syncs are not modelled); a dead machine
// deletes nothing.
int vfs_delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  FaultVfs& fv = owner(vfs);
  if (fv.deletes_fail()) return SQLITE_IOERR_DELETE;
  const int rc = plain_vfs()->xDelete(plain_vfs(), name, sync_dir);
  if (rc == SQLITE_OK) fv.forget(name);
  return rc;
}

int vfs_access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return plain_vfs()->xAccess(plain_vfs(), name, flags, out);
}
int vfs_full_pathname(sqlite3_vfs*, const char* name, int n, char* out) {
  return plain_vfs()->xFullPathname(plain_vfs(), name, n, out);
}
void* vfs_dl_open(sqlite3_vfs*, const char* name) { return plain_vfs()->xDlOpen(plain_vfs(), name); }
void vfs_dl_error(sqlite3_vfs*, int n, char* out) { plain_vfs()->xDlError(plain_vfs(), n, out); }
void (*vfs_dl_sym(sqlite3_vfs*, void* lib, const char* sym))(void) {
  return plain_vfs()->xDlSym(plain_vfs(), lib, sym);
}
void vfs_dl_close(sqlite3_vfs*, void* lib) { plain_vfs()->xDlClose(plain_vfs(), lib); }
int vfs_randomness(sqlite3_vfs*, int n, char* out) {
  return plain_vfs()->xRandomness(plain_vfs(), n, out);
}
int vfs_sleep(sqlite3_vfs*, int us) { return plain_vfs()->xSleep(plain_vfs(), us); }
int vfs_current_time(sqlite3_vfs*, double* out) {
  return plain_vfs()->xCurrentTime(plain_vfs(), out);
}
int vfs_get_last_error(sqlite3_vfs*, int n, char* out) {
  return plain_vfs()->xGetLastError(plain_vfs(), n, out);
}
int vfs_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) {
  return plain_vfs()->xCurrentTimeInt64(plain_vfs(), out);
}

// --- putting files back as a power cut leaves them (plain POSIX: no connection is open) ---

void pwrite_all(int fd, const char* data, std::int64_t n, std::int64_t off, const std::string& path) {
  while (n > 0) {
    const ssize_t w = ::pwrite(fd, data, static_cast<std::size_t>(n), off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) throw std::system_error(errno, std::generic_category(), "pwrite " + path);
    data += w;
    n -= w;
    off += w;
  }
}

void truncate_to(int fd, std::int64_t size, const std::string& path) {
  if (::ftruncate(fd, size) != 0)
    throw std::system_error(errno, std::generic_category(), "ftruncate " + path);
}

}  // namespace

FaultVfs& FaultVfs::instance() {
  static FaultVfs vfs;
  return vfs;
}

FaultVfs::FaultVfs() : vfs_(new sqlite3_vfs{}) {
  sqlite3_vfs* base = plain_vfs();
  vfs_->iVersion = 2;
  vfs_->szOsFile = static_cast<int>(sizeof(ShimFile)) + base->szOsFile;
  vfs_->mxPathname = base->mxPathname;
  vfs_->zName = kName;
  vfs_->pAppData = this;
  vfs_->xOpen = vfs_open;
  vfs_->xDelete = vfs_delete;
  vfs_->xAccess = vfs_access;
  vfs_->xFullPathname = vfs_full_pathname;
  vfs_->xDlOpen = vfs_dl_open;
  vfs_->xDlError = vfs_dl_error;
  vfs_->xDlSym = vfs_dl_sym;
  vfs_->xDlClose = vfs_dl_close;
  vfs_->xRandomness = vfs_randomness;
  vfs_->xSleep = vfs_sleep;
  vfs_->xCurrentTime = vfs_current_time;
  vfs_->xGetLastError = vfs_get_last_error;
  vfs_->xCurrentTimeInt64 = vfs_current_time_int64;
  if (const int rc = sqlite3_vfs_register(vfs_, 0); rc != SQLITE_OK)
    throw std::runtime_error(std::string("registering the fault VFS: ") + sqlite3_errstr(rc));
}

void FaultVfs::make_default() {
  if (const int rc = sqlite3_vfs_register(vfs_, 1); rc != SQLITE_OK)
    throw std::runtime_error(std::string("making the fault VFS default: ") + sqlite3_errstr(rc));
}

void FaultVfs::make_plain_default() {
  if (const int rc = sqlite3_vfs_register(plain_vfs(), 1); rc != SQLITE_OK)
    throw std::runtime_error(std::string("making the unix VFS default: ") + sqlite3_errstr(rc));
}

void FaultVfs::reset() {
  std::lock_guard lock(mutex_);
  pending_.clear();
  ops_ = 0;
  cut_at_ = 0;
  power_off_ = false;
  fault_.reset();
  fault_armed_at_ = 0;
  faults_returned_ = 0;
}

std::int64_t FaultVfs::operations() const {
  std::lock_guard lock(mutex_);
  return ops_;
}

void FaultVfs::cut_power_at(std::int64_t op) {
  std::lock_guard lock(mutex_);
  cut_at_ = op;
}

void FaultVfs::cut_power_now() {
  std::lock_guard lock(mutex_);
  power_off_ = true;
}

bool FaultVfs::power_is_off() const {
  std::lock_guard lock(mutex_);
  return power_off_;
}

bool FaultVfs::deletes_fail() const { return power_is_off(); }

void FaultVfs::inject(const DiskFault& fault) {
  std::lock_guard lock(mutex_);
  fault_ = fault;
  fault_armed_at_ = ops_;
}

void FaultVfs::lift_fault() {
  std::lock_guard lock(mutex_);
  fault_.reset();
}

std::int64_t FaultVfs::faults_returned() const {
  std::lock_guard lock(mutex_);
  return faults_returned_;
}

int FaultVfs::before_mutation(Mutation kind) {
  std::lock_guard lock(mutex_);
  const int dead_code = kind == Mutation::write      ? SQLITE_IOERR_WRITE
                        : kind == Mutation::truncate ? SQLITE_IOERR_TRUNCATE
                                                     : SQLITE_IOERR_FSYNC;
  if (power_off_) return dead_code;
  ++ops_;
  if (cut_at_ > 0 && ops_ >= cut_at_) {
    power_off_ = true;
    return dead_code;
  }
  if (fault_ && ops_ - fault_armed_at_ > fault_->after_ops) {
    const bool matches = fault_->on == DiskFault::On::any ||
                         (fault_->on == DiskFault::On::write && kind == Mutation::write) ||
                         (fault_->on == DiskFault::On::sync && kind == Mutation::sync);
    if (matches) {
      ++faults_returned_;
      return fault_->code;
    }
  }
  return 0;
}

void FaultVfs::record(const std::string& path, PendingOp op) {
  std::lock_guard lock(mutex_);
  pending_[path].push_back(std::move(op));
}

void FaultVfs::synced(const std::string& path) {
  std::lock_guard lock(mutex_);
  pending_.erase(path);
}

void FaultVfs::forget(const std::string& path) {
  std::lock_guard lock(mutex_);
  pending_.erase(path);
}

PowerCutDamage FaultVfs::apply_power_cut(LossModel model, std::mt19937_64& rng) {
  std::lock_guard lock(mutex_);
  PowerCutDamage damage;
  std::bernoulli_distribution coin(0.5);
  std::bernoulli_distribution tear(0.3);
  for (const auto& [path, ops] : pending_) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) continue;
      throw std::system_error(errno, std::generic_category(), "open " + path);
    }
    try {
      // Back to the bytes of the last sync: undo every operation, newest first.
      for (auto it = ops.rbegin(); it != ops.rend(); ++it) {
        pwrite_all(fd, it->old_bytes.data(), static_cast<std::int64_t>(it->old_bytes.size()),
                   it->offset, path);
        truncate_to(fd, it->old_size, path);
      }
      damage.unsynced_ops += static_cast<std::int64_t>(ops.size());
      // Then the part of the unsynced work that happened to reach the disk, oldest first.
      if (model == LossModel::reorder_and_tear) {
        for (const auto& op : ops) {
          if (!coin(rng)) continue;
          ++damage.kept_ops;
          if (!op.is_write) {
            truncate_to(fd, op.offset, path);
            continue;
          }
          const auto n = static_cast<std::int64_t>(op.data.size());
          if (n <= kSectorBytes || !tear(rng)) {
            pwrite_all(fd, op.data.data(), n, op.offset, path);
            continue;
          }
          ++damage.torn_writes;
          for (std::int64_t at = 0; at < n; at += kSectorBytes) {
            if (!coin(rng)) continue;
            pwrite_all(fd, op.data.data() + at, std::min(kSectorBytes, n - at), op.offset + at,
                       path);
          }
        }
      }
    } catch (...) {
      ::close(fd);
      throw;
    }
    ::close(fd);
  }
  pending_.clear();
  power_off_ = false;
  cut_at_ = 0;
  fault_.reset();
  return damage;
}

}  // namespace hymy::testing
