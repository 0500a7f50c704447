// What the storage thread needs from a store. The real one is the tablet's SQLite database; tests
// put in slow or failing ones to prove the UI neither blocks nor lies.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "hymy/model.hpp"

namespace hymy::kiosk {

class ResponseStore {
 public:
  virtual ~ResponseStore() = default;
  // Each throws on failure; returning means the change is committed.
  virtual void insert_response(const Response& r, bool awaiting_comment) = 0;
  // Returns why the comment was refused, or "" if it was attached.
  virtual std::string attach_comment(const std::string& response_id, const std::string& text) = 0;
  virtual void close_comment(const std::string& response_id) = 0;
  virtual std::optional<QuestionSet> current_question_set() = 0;
  // Leaves a note for staff (the staff screen and the sync daemon read it). Best effort.
  virtual void record_failure(const std::string& message) = 0;
};

// The tablet's database, opened on the calling thread (SQLite: one connection per thread).
std::unique_ptr<ResponseStore> open_tablet_response_store(const std::string& path);

// The state key under which the last storage failure is kept for staff.
inline constexpr const char* kLastStoreErrorKey = "kiosk.last_store_error";

}  // namespace hymy::kiosk
