// Slows down password guessing without locking the real user out (OWASP ASVS 2.2.1). Two
// budgets, never one per account alone (that would let anyone lock the director out from anywhere):
//   - per (account, address): a few free failures, then a delay that doubles with every failure;
//   - per address: a larger budget, for guesses at many names from one place.
// A guess reserves one unit of both budgets BEFORE the (slow) password check, under one lock, so
// N simultaneous guesses check at most the budget. Kept in memory: a restart forgives, which is
// acceptable for a delay that is minutes long. Each table is capped; the least recently used
// entry is forgotten first.
#pragma once

#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>
#include <variant>

namespace hymy::hq {

struct LoginLimits {
  int free_failures_per_account_address = 5;  // failures before the delay starts
  int free_failures_per_address = 30;         // an office behind one NAT shares an address
  std::int64_t first_delay_ms = 2'000;
  std::int64_t max_delay_ms = 15 * 60'000;
  std::int64_t forget_after_ms = 60 * 60'000;  // a quiet hour resets the count
  std::size_t max_tracked = 10'000;            // per table
};

class LoginLimiter {
 public:
  // One reserved guess. Settle it with succeeded() or failed(); one destroyed unsettled (the
  // check threw) counts as failed, so an error path never hands out a free guess.
  class Attempt {
   public:
    Attempt(Attempt&& other) noexcept;
    Attempt& operator=(Attempt&&) = delete;
    Attempt(const Attempt&) = delete;
    ~Attempt();
    // The password was right: the (account, address) count starts afresh. The address's count is
    // kept (one good account must not unlock guessing at the others from the same place).
    void succeeded();
    // The password was wrong. Returns the delay (ms) this failure started, 0 when none did.
    std::int64_t failed(std::int64_t now_ms);

   private:
    friend class LoginLimiter;
    Attempt(LoginLimiter* limiter, std::string pair_key, std::string address_key, std::int64_t now_ms)
        : limiter_(limiter), pair_key_(std::move(pair_key)), address_key_(std::move(address_key)),
          started_ms_(now_ms) {}
    LoginLimiter* limiter_;  // null once settled or moved from
    std::string pair_key_;
    std::string address_key_;
    std::int64_t started_ms_;
  };
  struct Refused {
    std::int64_t retry_after_ms;
  };

  explicit LoginLimiter(LoginLimits limits = {}) : limits_(limits) {}

  // Reserves a guess of `account` from `address` (a client address, see client_address.hpp), or
  // says how long to wait. The limiter must outlive the Attempt.
  std::variant<Attempt, Refused> begin(const std::string& account, const std::string& address,
                                       std::int64_t now_ms);

  // Entries remembered in both tables (each at most LoginLimits::max_tracked, plus guesses in flight).
  std::size_t tracked();

 private:
  struct Entry {
    int failures = 0;
    int in_flight = 0;  // reserved guesses not yet settled
    std::int64_t last_ms = 0;
    std::int64_t blocked_until_ms = 0;
    std::list<std::string>::iterator order;  // position in Table::by_age
  };
  // A capped map with its keys in order of last use (front: oldest).
  struct Table {
    std::unordered_map<std::string, Entry> entries;
    std::list<std::string> by_age;
  };

  std::int64_t wait_of(Table& table, const std::string& key, int budget, std::int64_t now_ms);
  Entry& touch(Table& table, const std::string& key, std::int64_t now_ms);
  std::int64_t settle(Table& table, const std::string& key, int budget, bool success,
                      std::int64_t now_ms);
  std::int64_t settle(const Attempt& attempt, bool success, std::int64_t now_ms);

  LoginLimits limits_;
  std::mutex mutex_;
  Table pairs_;
  Table addresses_;
};

}  // namespace hymy::hq
