// The libFuzzer entry point of one fuzz binary; CMake compiles this file once per target with
// HYMY_FUZZ_ENTRY naming that target's entry function (see fuzz_targets.hpp).
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return hymy::fuzz::HYMY_FUZZ_ENTRY(data, size);
}
