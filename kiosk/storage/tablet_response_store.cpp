// ResponseStore over the tablet's SQLite database (hymy::TabletStore).
#include <memory>

#include "hymy/clock.hpp"
#include "hymy/tablet_store.hpp"
#include "storage/response_store.hpp"

namespace hymy::kiosk {
namespace {

class TabletResponseStore final : public ResponseStore {
 public:
  explicit TabletResponseStore(const std::string& path) : store_(path) {}

  void insert_response(const Response& r, bool awaiting_comment) override {
    store_.insert_response(r, awaiting_comment);
  }
  std::string attach_comment(const std::string& id, const std::string& text) override {
    return store_.attach_comment(id, text);
  }
  void close_comment(const std::string& id) override { store_.close_comment(id); }
  std::optional<QuestionSet> current_question_set() override {
    return store_.current_question_set();
  }
  void record_failure(const std::string& message) override {
    store_.put_state(kLastStoreErrorKey, std::to_string(now_ms()) + " " + message);
  }

 private:
  TabletStore store_;
};

}  // namespace

std::unique_ptr<ResponseStore> open_tablet_response_store(const std::string& path) {
  return std::make_unique<TabletResponseStore>(path);
}

}  // namespace hymy::kiosk
