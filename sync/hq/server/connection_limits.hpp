// Counts open connections in all and per client address. A Ticket is one admitted connection;
// destroying it frees its place. Used from the network thread and workers alike.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace hymy::hq {

class ConnectionLimits {
 public:
  class Ticket {
   public:
    Ticket(ConnectionLimits* limits, std::string address)
        : limits_(limits), address_(std::move(address)) {}
    Ticket(Ticket&& other) noexcept
        : limits_(std::exchange(other.limits_, nullptr)), address_(std::move(other.address_)) {}
    Ticket& operator=(Ticket&&) = delete;
    ~Ticket() {
      if (limits_) limits_->release(address_);
    }

   private:
    ConnectionLimits* limits_;
    std::string address_;
  };

  ConnectionLimits(std::size_t max_total, std::size_t max_per_address)
      : max_total_(max_total), max_per_address_(max_per_address) {}

  // A ticket, or nothing when either cap is reached.
  std::optional<Ticket> admit(const std::string& address);
  std::size_t open() const;

 private:
  void release(const std::string& address);

  const std::size_t max_total_;
  const std::size_t max_per_address_;
  mutable std::mutex mutex_;
  std::size_t total_ = 0;
  std::unordered_map<std::string, std::size_t> per_address_;
};

}  // namespace hymy::hq
