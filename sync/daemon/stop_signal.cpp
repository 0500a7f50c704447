// StopSignal: a flag and a condition variable.
#include "daemon/stop_signal.hpp"

namespace hymy::sync {

void StopSignal::request_stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
}

void StopSignal::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  cv_.notify_all();
}

bool StopSignal::stop_requested() const {
  std::lock_guard lock(mutex_);
  return stop_;
}

bool StopSignal::wait_for(std::int64_t ms) {
  std::unique_lock lock(mutex_);
  cv_.wait_for(lock, std::chrono::milliseconds(ms > 0 ? ms : 0), [&] { return stop_ || woken_; });
  woken_ = false;
  return stop_;
}

}  // namespace hymy::sync
