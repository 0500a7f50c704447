// Replays every committed fuzz input (tests/fuzz/corpus/<target>/: seeds and what the fuzzer
// kept; tests/fuzz/regressions/<target>/: inputs that once crashed) through the same entry
// functions the fuzzers run, under the normal GCC build, so a fixed crash stays fixed.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_targets.hpp"

namespace hymy::fuzz {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputs(const std::string& kind, std::string_view target) {
  std::vector<fs::path> out;
  const fs::path dir = fs::path(HYMY_FUZZ_DIR) / kind / target;
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().filename() != "README.md") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class FuzzCorpus : public ::testing::TestWithParam<Target> {};

TEST_P(FuzzCorpus, EveryCommittedInputRunsClean) {
  const Target target = GetParam();
  const auto seeds = inputs("corpus", target.name);
  // A target without seeds would pass while testing nothing.
  ASSERT_FALSE(seeds.empty()) << "no seed corpus for " << target.name;
  auto all = seeds;
  const auto crashes = inputs("regressions", target.name);
  all.insert(all.end(), crashes.begin(), crashes.end());
  for (const auto& file : all) {
    SCOPED_TRACE(file.string());
    const std::string bytes = read_bytes(file);
    EXPECT_EQ(target.entry(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), 0);
  }
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzCorpus, ::testing::ValuesIn(targets().begin(), targets().end()),
                         [](const ::testing::TestParamInfo<Target>& param) {
                           return std::string(param.param.name);
                         });

}  // namespace
}  // namespace hymy::fuzz
