// The real hymy-hq for hymy-sync-bench: a fresh data directory with one unit and one enrolled
// device, `hymy-hq serve` on an ephemeral loopback port as its own process, and the count of
// answers its database holds. Lets the benchmark measure the daemon against the HQ that ships.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string>

namespace hymy::sync::testing {

class RealHq {
 public:
  // Creates `data_dir`, adds unit `unit`, enrolls `device_id` and starts serving. Throws
  // std::runtime_error naming the step that failed.
  RealHq(const std::string& exe, const std::string& data_dir, const std::string& unit,
         const std::string& device_id);
  ~RealHq();  // SIGTERM, then waits for the server to finish
  RealHq(const RealHq&) = delete;
  RealHq& operator=(const RealHq&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::string& token() const { return token_; }
  std::size_t stored_count() const;  // distinct answers in HQ's database

 private:
  std::string data_dir_;
  std::string token_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace hymy::sync::testing
