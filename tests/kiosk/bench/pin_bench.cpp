// hymy-kiosk-pin-bench: how long one staff PIN check takes with the kiosk's PBKDF2 iteration count
// (the goal is ~100 ms: slow for guessing, one short wait for staff). Prints figures; not a test.
//   hymy-kiosk-pin-bench [--checks 20] [--iterations N]
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "storage/pin_hash.hpp"

int main(int argc, char** argv) {
  int checks = 20;
  int iterations = hymy::kiosk::kPinIterations;
  CLI::App cli{"Times the kiosk's staff PIN check"};
  cli.add_option("--checks", checks, "How many checks to time")->check(CLI::Range(1, 1000));
  cli.add_option("--iterations", iterations, "PBKDF2 iterations (default: the kiosk's)")->check(CLI::Range(1, 10'000'000));
  CLI11_PARSE(cli, argc, argv);
  const std::string stored = hymy::kiosk::hash_pin("2468", iterations);
  std::vector<double> ms;
  for (int i = 0; i < checks; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    const bool ok = hymy::kiosk::verify_pin(i % 2 ? "2468" : "1357", stored);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (ok != (i % 2 == 1)) {
      std::fprintf(stderr, "hymy-kiosk-pin-bench: the check gave the wrong answer\n");
      return 1;
    }
  }
  std::sort(ms.begin(), ms.end());
  std::printf("pin_check iterations=%d n=%d min=%.1f ms p50=%.1f ms max=%.1f ms\n", iterations, checks, ms.front(),
              ms[ms.size() / 2], ms.back());
  return 0;
}
