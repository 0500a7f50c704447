// The storage thread: the UI hands it store commands and keeps drawing; the thread commits them
// in order on its own connection and hands back results, waking the UI loop. A slow disk thus
// delays the thank-you screen, never a frame.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "flow/intent.hpp"
#include "storage/response_store.hpp"

namespace hymy::kiosk {

class StorageWorker {
 public:
  // `open` runs on the worker thread (it may throw: then every command fails, calmly). `wake` is
  // called from the worker thread after each result so a sleeping UI loop picks it up.
  using Opener = std::function<std::unique_ptr<ResponseStore>()>;
  StorageWorker(Opener open, std::function<void()> wake);
  // Finishes what was queued (every accepted tap is committed before exit), then joins.
  ~StorageWorker();
  StorageWorker(const StorageWorker&) = delete;
  StorageWorker& operator=(const StorageWorker&) = delete;

  void submit(StoreCommand command);
  // Asks for the current question set; the answer comes back through take_question_set().
  void request_question_set();
  std::vector<StoreResult> take_results();
  std::optional<QuestionSet> take_question_set();
  // Commands queued or running (for tests and the benchmark).
  std::size_t in_flight() const;

 private:
  struct Job {
    std::optional<StoreCommand> command;  // none: reload the question set
  };
  void run(Opener open);
  StoreResult execute(ResponseStore* store, const std::string& open_error, const StoreCommand& c);

  std::function<void()> wake_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Job> jobs_;
  std::size_t running_ = 0;
  std::vector<StoreResult> results_;
  std::optional<QuestionSet> question_set_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace hymy::kiosk
