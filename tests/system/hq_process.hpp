// The real hymy-hq for the system tests: admin commands on a data directory, and `serve` on
// 127.0.0.1 with the port the kernel chose (read from HQ's start-up line), restartable on the same
// port after a SIGKILL; plus a read-only look at the responses HQ stored.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "child.hpp"
#include "hymy/sqlite.hpp"

namespace hymy::system_test {

// What HQ's database holds, for comparing with the tablet.
struct HqRow {
  std::string device_id;
  int rating = 0;
  std::int64_t answered_at_ms = 0;
  std::optional<std::string> comment;
  std::string question_id;
  std::int64_t question_set_version = 0;
};
struct HqContents {
  std::int64_t rows = 0;  // count(*), to compare with the distinct ids
  std::map<std::string, HqRow> by_id;
};

class HqProcess {
 public:
  explicit HqProcess(std::string data_dir);
  ~HqProcess();

  const std::string& data_dir() const { return data_dir_; }
  // An admin command (`unit add ...`); "--data DIR" is added. Fails the test on a non-zero exit.
  RunResult admin(std::vector<std::string> args) const;
  // `device enroll`; returns the token printed once.
  std::string enroll(const std::string& unit, const std::string& device_id) const;

  // Starts `serve` (on `port`, or the kernel's choice when 0 and no port was used before) and
  // waits until /healthz answers 200. Throws with HQ's stderr if it does not within 30 s.
  void start(int port = 0);
  // Options added to every later `serve` (e.g. {"--max-connections-per-address", "50"}).
  void set_serve_options(std::vector<std::string> options) { serve_options_ = std::move(options); }
  pid_t pid() const { return child_ ? child_->pid() : -1; }
  void kill_now();                // SIGKILL
  int stop();                     // SIGTERM; exit code (-1 if it had to be killed)
  bool running();
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string log() const;  // everything the server processes wrote to stderr

  // GET /metrics: the value of `hymy_hq_rows_total{outcome="<outcome>"}`, or -1.
  std::int64_t rows_metric(const std::string& outcome) const;
  // Reads HQ's SQLite database directly (read-only; the server may be running).
  HqContents contents() const;
  std::int64_t count() const;

 private:
  std::unique_ptr<sqlite::Database> open_database() const;

  std::string data_dir_;
  std::string err_file_;
  std::unique_ptr<Child> child_;
  std::vector<std::string> serve_options_;
  int port_ = 0;
};

// 127.0.0.1:<port> answers GET `path` with `status` within `limit`.
bool wait_for_http(int port, const std::string& path, int status, std::chrono::milliseconds limit);

}  // namespace hymy::system_test
