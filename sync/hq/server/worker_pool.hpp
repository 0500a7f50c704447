// A fixed set of threads running jobs from a bounded queue. try_post refuses a job when the
// queue is full instead of blocking, so the network thread that posts never waits on a handler.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace hymy::hq {

class WorkerPool {
 public:
  WorkerPool(std::size_t threads, std::size_t max_queued);
  ~WorkerPool();  // runs the jobs already queued, then joins
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False (and the job is dropped) when max_queued jobs are already waiting.
  bool try_post(std::function<void()> job);

 private:
  void work();

  const std::size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable has_job_;
  std::deque<std::function<void()>> jobs_;
  bool shutting_down_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace hymy::hq
