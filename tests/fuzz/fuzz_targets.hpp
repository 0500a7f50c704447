// The fuzz targets: one entry function per parser or sanitiser that takes outside input. Each is
// compiled twice: into a libFuzzer binary (clang, see run.sh) and into the regression test that
// replays the committed corpus and every crash ever found under GCC in the normal suite.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace hymy::fuzz {

// libFuzzer's contract: any bytes in, 0 out; a bug aborts (failed check, sanitizer report) or
// throws something the target's contract does not allow.
using Entry = int (*)(const std::uint8_t* data, std::size_t size);

int comment_entry(const std::uint8_t* data, std::size_t size);
int config_entry(const std::uint8_t* data, std::size_t size);
int question_set_entry(const std::uint8_t* data, std::size_t size);
int batch_entry(const std::uint8_t* data, std::size_t size);
int reply_entry(const std::uint8_t* data, std::size_t size);
int gunzip_entry(const std::uint8_t* data, std::size_t size);
int local_date_entry(const std::uint8_t* data, std::size_t size);
int figures_entry(const std::uint8_t* data, std::size_t size);

struct Target {
  std::string_view name;  // also the folder under corpus/ and regressions/
  Entry entry;
};

// Every target, for the regression test; run.sh lists the same names.
std::span<const Target> targets();

// Aborts with a message naming the broken property; a fuzzer reports it as a crash.
void check(bool ok, std::string_view property, std::string_view detail = {});

// The depth property every reader of nested input must hold: the input placed inside more levels
// of `[` / `{"k":` than the project allows (33 to 1,032, chosen by the input) is refused with an
// error naming the depth, never parsed by recursion. `opener` is "[" or "{\"k\":".
std::string nested_around(std::string_view input, std::string_view opener, std::string_view closer);
// True when `error` is the refusal of too-deep nesting.
bool names_the_depth(std::string_view error);

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace hymy::fuzz
