// How the daemon sleeps between cycles: on a condition variable, so a stop request (SIGTERM) or a
// wake-up (the token file changed) ends the sleep at once instead of after minutes.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace hymy::sync {

class StopSignal {
 public:
  void request_stop();
  void wake();  // ends the current wait early without stopping
  bool stop_requested() const;
  // Waits up to `ms`; returns true if a stop was requested (before or during the wait).
  bool wait_for(std::int64_t ms);

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool woken_ = false;
};

}  // namespace hymy::sync
