// The staff mode's storage thread, beside the visitors' one: it checks PINs (a deliberately slow
// hash, ~100 ms), saves question sets and spoken feedback, and reads figures and device health,
// all on its own connection, so the UI keeps drawing meanwhile. Results come back in order and
// wake the UI loop.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "flow/staff_intent.hpp"
#include "storage/staff_reads.hpp"

namespace hymy::kiosk {

struct StaffStoreSetup {
  DeviceFacts facts;       // facts.database_path is the database to open
  std::string time_zone;   // the unit's zone: "today" for figures
  int pin_iterations = 0;  // 0: the default (pin_hash.hpp)
};

// Runs one command against an open store (the worker thread's body; tests call it directly).
StaffResult execute_staff_command(TabletStore& store, const TimeZone& zone, const StaffStoreSetup& setup,
                                  const StaffCommand& c);

class StaffWorker {
 public:
  StaffWorker(StaffStoreSetup setup, std::function<void()> wake);
  // Finishes what was queued (a saved set or feedback is never dropped), then joins.
  ~StaffWorker();
  StaffWorker(const StaffWorker&) = delete;
  StaffWorker& operator=(const StaffWorker&) = delete;

  void submit(StaffCommand command);
  std::vector<StaffResult> take_results();
  std::size_t in_flight() const;

 private:
  void run();

  StaffStoreSetup setup_;
  std::function<void()> wake_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<StaffCommand> jobs_;
  std::size_t running_ = 0;
  std::vector<StaffResult> results_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace hymy::kiosk
