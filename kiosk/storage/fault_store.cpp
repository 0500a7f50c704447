// Fault injection around a ResponseStore (see fault_store.hpp).
#include "storage/fault_store.hpp"

#include <chrono>
#include <stdexcept>
#include <thread>

namespace hymy::kiosk {
namespace {

class FaultyStore final : public ResponseStore {
 public:
  FaultyStore(std::unique_ptr<ResponseStore> inner, const Faults& f) : inner_(std::move(inner)), f_(f) {}

  void insert_response(const Response& r, bool awaiting_comment) override {
    before_write();
    inner_->insert_response(r, awaiting_comment);
  }
  std::string attach_comment(const std::string& id, const std::string& text) override {
    before_write();
    return inner_->attach_comment(id, text);
  }
  void close_comment(const std::string& id) override {
    before_write();
    inner_->close_comment(id);
  }
  std::optional<QuestionSet> current_question_set() override { return inner_->current_question_set(); }
  void record_failure(const std::string& message) override { inner_->record_failure(message); }

 private:
  void before_write() {
    // A stand-in for a slow disk: the storage thread is what waits, never the UI.
    if (f_.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(f_.delay_ms));
    if (f_.fail_writes) throw std::runtime_error("injected write failure (disk I/O error)");
  }
  std::unique_ptr<ResponseStore> inner_;
  Faults f_;
};

}  // namespace

std::unique_ptr<ResponseStore> with_faults(std::unique_ptr<ResponseStore> inner, const Faults& faults) {
  return std::make_unique<FaultyStore>(std::move(inner), faults);
}

}  // namespace hymy::kiosk
