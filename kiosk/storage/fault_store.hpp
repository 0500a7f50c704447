// A ResponseStore wrapper that makes writes slow or failing, for tests and the benchmark: it
// proves the UI keeps drawing while the disk is slow and stays calm when storing fails.
#pragma once

#include <cstdint>
#include <memory>

#include "storage/response_store.hpp"

namespace hymy::kiosk {

struct Faults {
  std::int64_t delay_ms = 0;  // before every write
  bool fail_writes = false;   // every write throws
  bool any() const { return delay_ms > 0 || fail_writes; }
};

std::unique_ptr<ResponseStore> with_faults(std::unique_ptr<ResponseStore> inner, const Faults& faults);

}  // namespace hymy::kiosk
