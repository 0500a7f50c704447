// A fixed pool of worker threads with a bounded queue of accepted connections. httplib's own
// ThreadPool queues without limit; here the accept loop waits when the queue is full, so a flood
// of connections backs up in the kernel's listen backlog instead of in this process's memory.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace hymy::hq {

class BoundedTaskQueue final : public httplib::TaskQueue {
 public:
  BoundedTaskQueue(std::size_t threads, std::size_t max_queued);
  ~BoundedTaskQueue() override;
  void enqueue(std::function<void()> fn) override;
  void shutdown() override;  // runs every queued task, then joins the workers
  // Accepted connections waiting for a worker.
  std::size_t waiting();

 private:
  void work();

  std::size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable has_work_;
  std::condition_variable has_room_;
  std::deque<std::function<void()>> jobs_;
  bool shutting_down_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace hymy::hq
