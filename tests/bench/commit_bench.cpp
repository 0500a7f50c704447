// hymy-commit-bench: a tap's commit against the disk's own limit, on the same file system.
//
//   hymy-commit-bench [--dir DIR] [--taps 500]
//
// Each round times TabletStore::insert_response (its own transaction, WAL, synchronous=FULL: what
// the kiosk waits for before "thank you") and then a bare pwrite + fdatasync of as many bytes as
// one such commit appends to the WAL, into a preallocated file in the same directory. Rounds
// alternate so both see the same disk weather. Prints key value lines for tests/bench/run.sh.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "hymy/tablet_store.hpp"
#include "hymy/uuid.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

hymy::Response tap(std::int64_t at_ms, int i) {
  hymy::Response r;
  r.id = hymy::uuid_v7_at(at_ms);
  r.visit_id = r.id;
  r.device_id = "tab-1";
  r.unit_id = "demo";
  r.question_id = "visit";
  r.question_set_version = 3;
  r.rating = 1 + i % 4;
  r.language = "fi";
  r.answered_at_ms = at_ms;
  r.utc_offset_min = 120;
  return r;
}

// Bare durability: a preallocated file written in place, as the WAL is once it has wrapped.
class BareLog {
 public:
  BareLog(const fs::path& path, std::size_t capacity) : capacity_(capacity) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd_ < 0) throw std::runtime_error("cannot create " + path.string() + ": " + std::strerror(errno));
    const std::vector<char> zeros(capacity_, 0);
    if (::pwrite(fd_, zeros.data(), zeros.size(), 0) != static_cast<ssize_t>(zeros.size()) || ::fsync(fd_) != 0)
      throw std::runtime_error("cannot preallocate " + path.string() + ": " + std::strerror(errno));
  }
  ~BareLog() { ::close(fd_); }
  BareLog(const BareLog&) = delete;
  BareLog& operator=(const BareLog&) = delete;

  void append_durably(const std::vector<char>& bytes) {
    if (offset_ + bytes.size() > capacity_) offset_ = 0;
    if (::pwrite(fd_, bytes.data(), bytes.size(), static_cast<off_t>(offset_)) != static_cast<ssize_t>(bytes.size()) ||
        ::fdatasync(fd_) != 0)
      throw std::runtime_error(std::string("bare write + fdatasync failed: ") + std::strerror(errno));
    offset_ += bytes.size();
  }

 private:
  int fd_ = -1;
  std::size_t capacity_;
  std::size_t offset_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  fs::path parent = fs::current_path();
  int taps = 500;
  for (int i = 1; i < argc; i += 2) {
    const std::string key = argv[i];
    if (i + 1 >= argc) {
      std::fprintf(stderr, "hymy-commit-bench: %s: expected a value\n", key.c_str());
      return 2;
    }
    if (key == "--dir") parent = argv[i + 1];
    else if (key == "--taps") taps = std::max(10, std::atoi(argv[i + 1]));
    else {
      std::fprintf(stderr, "usage: hymy-commit-bench [--dir DIR] [--taps N]\n");
      return 2;
    }
  }
  const fs::path dir = parent / ("hymy-commit-bench-" + std::to_string(::getpid()));
  int rc = 0;
  try {
    fs::create_directories(dir);
    const fs::path db = dir / "tablet.db";
    hymy::TabletStore store(db.string());
    std::int64_t t = 1'767'225'600'000;  // 2026-01-01T00:00Z, a tap every 7 s
    // Warm up, then learn what one commit appends to the WAL.
    for (int i = 0; i < 20; ++i) store.insert_response(tap(t += 7000, i));
    const fs::path wal = db.string() + "-wal";
    const auto before = fs::file_size(wal);
    constexpr int kProbe = 20;
    for (int i = 0; i < kProbe; ++i) store.insert_response(tap(t += 7000, i));
    const std::size_t bytes = (fs::file_size(wal) - before) / kProbe;
    BareLog bare(dir / "bare.log", 8u << 20);
    const std::vector<char> payload(bytes, 'x');

    std::vector<double> commit_ms, bare_ms;
    for (int i = 0; i < taps; ++i) {
      const hymy::Response r = tap(t += 7000, i);
      auto t0 = Clock::now();
      store.insert_response(r);
      commit_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      t0 = Clock::now();
      bare.append_durably(payload);
      bare_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    std::printf("wal_bytes_per_commit %zu\n", bytes);
    std::printf("taps %d\n", taps);
    std::printf("commit_p50_ms %.3f\ncommit_p99_ms %.3f\n", percentile(commit_ms, 0.5), percentile(commit_ms, 0.99));
    std::printf("fdatasync_p50_ms %.3f\nfdatasync_p99_ms %.3f\n", percentile(bare_ms, 0.5), percentile(bare_ms, 0.99));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hymy-commit-bench: %s\n", e.what());
    rc = 1;
  }
  std::error_code ignored;
  fs::remove_all(dir, ignored);
  return rc;
}
