// The storage thread (see storage_worker.hpp).
#include "storage/storage_worker.hpp"

#include <cstdio>
#include <exception>

namespace hymy::kiosk {

StorageWorker::StorageWorker(Opener open, std::function<void()> wake) : wake_(std::move(wake)) {
  thread_ = std::thread([this, open = std::move(open)]() mutable { run(std::move(open)); });
}

StorageWorker::~StorageWorker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void StorageWorker::submit(StoreCommand command) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(Job{std::move(command)});
  }
  cv_.notify_all();
}

void StorageWorker::request_question_set() {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(Job{std::nullopt});
  }
  cv_.notify_all();
}

std::vector<StoreResult> StorageWorker::take_results() {
  std::lock_guard lock(mutex_);
  std::vector<StoreResult> out;
  out.swap(results_);
  return out;
}

std::optional<QuestionSet> StorageWorker::take_question_set() {
  std::lock_guard lock(mutex_);
  std::optional<QuestionSet> out;
  out.swap(question_set_);
  return out;
}

std::size_t StorageWorker::in_flight() const {
  std::lock_guard lock(mutex_);
  return jobs_.size() + running_;
}

StoreResult StorageWorker::execute(ResponseStore* store, const std::string& open_error,
                                   const StoreCommand& c) {
  StoreResult result;
  result.request_id = c.request_id;
  if (store == nullptr) {
    result.error = "cannot open the database: " + open_error;
    return result;
  }
  try {
    switch (c.kind) {
      case StoreCommand::Kind::insert_response:
        store->insert_response(c.response, c.awaiting_comment);
        break;
      case StoreCommand::Kind::attach_comment: {
        const std::string refused = store->attach_comment(c.response_id, c.comment);
        if (!refused.empty()) {
          // The rating stays; release it to the outbox without the refused comment.
          store->close_comment(c.response_id);
          result.error = "comment refused: " + refused;
          return result;
        }
        break;
      }
      case StoreCommand::Kind::close_comment:
        store->close_comment(c.response_id);
        break;
    }
    result.ok = true;
  } catch (const std::exception& e) {
    result.error = e.what();
  }
  return result;
}

void StorageWorker::run(Opener open) {
  std::unique_ptr<ResponseStore> store;
  std::string open_error;
  try {
    store = open();
  } catch (const std::exception& e) {
    open_error = e.what();
    std::fprintf(stderr, "hymy-kiosk: cannot open the database: %s\n", e.what());
  }

  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping, and everything queued is done
      job = std::move(jobs_.front());
      jobs_.pop_front();
      ++running_;
    }

    std::optional<StoreResult> result;
    std::optional<QuestionSet> set;
    if (job.command) {
      result = execute(store.get(), open_error, *job.command);
      if (!result->ok) {
        std::fprintf(stderr, "hymy-kiosk: storing failed: %s\n", result->error.c_str());
        // Staff must learn of it; if the database itself is the problem this may fail too.
        if (store) {
          try {
            store->record_failure(result->error);
          } catch (const std::exception& e) {
            std::fprintf(stderr, "hymy-kiosk: could not record the failure: %s\n", e.what());
          }
        }
      }
    } else if (store) {
      try {
        set = store->current_question_set();
      } catch (const std::exception& e) {
        std::fprintf(stderr, "hymy-kiosk: reading the question set failed: %s\n", e.what());
      }
    }

    {
      std::lock_guard lock(mutex_);
      --running_;
      if (result) results_.push_back(std::move(*result));
      if (set) question_set_ = std::move(set);
    }
    if (wake_) wake_();
  }
}

}  // namespace hymy::kiosk
