// Slows down password guessing: after a few failed sign-ins for one user name, or from one client
// address, further attempts are refused for a delay that doubles with every failure (capped), so
// an online guesser gets a handful of tries per hour. Kept in memory: a restart forgives, which is
// acceptable for a delay that is minutes long. Bounded in size.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace hymy::hq {

struct LoginLimits {
  int free_failures_per_user = 5;      // failures before the delay starts
  int free_failures_per_address = 20;  // an office behind one NAT shares an address
  std::int64_t first_delay_ms = 2'000;
  std::int64_t max_delay_ms = 15 * 60'000;
  std::int64_t forget_after_ms = 60 * 60'000;  // a quiet hour resets the count
  std::size_t max_tracked = 10'000;
};

class LoginLimiter {
 public:
  explicit LoginLimiter(LoginLimits limits = {}) : limits_(limits) {}

  // How long the caller must wait before trying again (ms), or nothing when it may try now.
  std::optional<std::int64_t> blocked_for(const std::string& user, const std::string& address,
                                          std::int64_t now_ms);
  void record_failure(const std::string& user, const std::string& address, std::int64_t now_ms);
  // A correct password clears the user's count (not the address's: one good account must not
  // unlock guessing at the others from the same place).
  void record_success(const std::string& user);
  // Number of user names and addresses remembered (bounded by LoginLimits::max_tracked + 1).
  std::size_t tracked();

 private:
  struct Entry {
    int failures = 0;
    std::int64_t last_failure_ms = 0;
    std::int64_t blocked_until_ms = 0;
  };
  std::optional<std::int64_t> wait_of(const std::string& key, std::int64_t now_ms);
  void fail(const std::string& key, int free_failures, std::int64_t now_ms);
  void prune(std::int64_t now_ms);

  LoginLimits limits_;
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;  // "u:<name>" and "a:<address>"
};

}  // namespace hymy::hq
