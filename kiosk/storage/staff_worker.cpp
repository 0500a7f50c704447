// The staff storage thread (see staff_worker.hpp).
#include "storage/staff_worker.hpp"

#include <cstdio>
#include <memory>

#include "storage/pin_hash.hpp"
#include "storage/staff_keys.hpp"

namespace hymy::kiosk {

StaffResult execute_staff_command(TabletStore& store, const TimeZone& zone, const StaffStoreSetup& setup,
                                  const StaffCommand& c) {
  using Kind = StaffCommand::Kind;
  StaffResult r;
  r.request_id = c.request_id;
  r.kind = c.kind;
  try {
    switch (c.kind) {
      case Kind::verify_pin: {
        // Counted as wrong before it is checked: cutting the power mid-check gains nothing.
        store.put_state(staff_keys::kPinGuard, encode_pin_guard(c.guard_if_wrong));
        const auto stored = store.state(staff_keys::kPinHash);
        if (!stored) {
          r.error = "no staff PIN is set on this tablet";
          break;
        }
        r.ok = verify_pin(c.pin, *stored);
        if (r.ok) store.put_state(staff_keys::kPinGuard, encode_pin_guard(PinGuard{}));
        break;
      }
      case Kind::set_pin: {
        if (const std::string bad = check_pin_format(c.pin); !bad.empty()) {
          r.error = bad;
          break;
        }
        const std::string hash =
            setup.pin_iterations > 0 ? hash_pin(c.pin, setup.pin_iterations) : hash_pin(c.pin);
        store.put_state(staff_keys::kPinHash, hash);
        store.put_state(staff_keys::kPinGuard, encode_pin_guard(PinGuard{}));
        r.ok = true;
        break;
      }
      case Kind::load_questions:
        r.set = store.current_question_set();
        r.set_source = store.current_question_set_source().value_or("");
        r.ok = r.set.has_value();
        if (!r.ok) r.error = "the database holds no question set";
        break;
      case Kind::save_questions: {
        // HQ may have sent a set since the editor opened; then HQ's set stands.
        if (store.current_question_set_source() == std::optional<std::string>("hq")) {
          r.error = "the questions are now managed by HQ; your changes were not saved";
          break;
        }
        store.save_question_set(c.set, "local");  // one transaction: all of it or nothing
        r.set = store.current_question_set();
        r.set_source = "local";
        r.ok = true;
        break;
      }
      case Kind::record_feedback:
        store.insert_response(c.response, false);
        r.ok = true;
        break;
      case Kind::load_figures:
        r.figures = read_staff_figures(store, zone, c.wall_ms);
        r.ok = true;
        break;
      case Kind::load_health:
        r.health = read_device_health(store, setup.facts);
        r.ok = true;
        break;
    }
  } catch (const std::exception& e) {
    r.ok = false;
    r.error = e.what();
  }
  return r;
}

StaffWorker::StaffWorker(StaffStoreSetup setup, std::function<void()> wake)
    : setup_(std::move(setup)), wake_(std::move(wake)) {
  thread_ = std::thread([this] { run(); });
}

StaffWorker::~StaffWorker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void StaffWorker::submit(StaffCommand command) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(command));
  }
  cv_.notify_all();
}

std::vector<StaffResult> StaffWorker::take_results() {
  std::lock_guard lock(mutex_);
  std::vector<StaffResult> out;
  out.swap(results_);
  return out;
}

std::size_t StaffWorker::in_flight() const {
  std::lock_guard lock(mutex_);
  return jobs_.size() + running_;
}

void StaffWorker::run() {
  std::unique_ptr<TabletStore> store;
  std::unique_ptr<TimeZone> zone;
  std::string open_error;
  try {
    zone = std::make_unique<TimeZone>(setup_.time_zone);
    store = std::make_unique<TabletStore>(setup_.facts.database_path);
  } catch (const std::exception& e) {
    open_error = e.what();
    std::fprintf(stderr, "hymy-kiosk: staff mode cannot open the database: %s\n", e.what());
  }
  for (;;) {
    StaffCommand job;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
      ++running_;
    }
    StaffResult r;
    if (store && zone) {
      r = execute_staff_command(*store, *zone, setup_, job);
    } else {
      r.request_id = job.request_id;
      r.kind = job.kind;
      r.error = "cannot open the database: " + open_error;
    }
    if (!r.ok && !r.error.empty()) std::fprintf(stderr, "hymy-kiosk: staff mode: %s\n", r.error.c_str());
    {
      std::lock_guard lock(mutex_);
      --running_;
      results_.push_back(std::move(r));
    }
    if (wake_) wake_();
  }
}

}  // namespace hymy::kiosk
