// Wall-clock time in milliseconds, in one place so tests and callers agree on the unit.
#pragma once

#include <chrono>
#include <cstdint>

namespace hymy {

inline std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace hymy
