// Test child process: commits `count` responses to the store at `db` and prints each id on its own
// line as soon as its commit returned, i.e. the moment a kiosk would show "thank you".
// Usage: hymy_store_writer DB COUNT DEVICE_ID
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "hymy/clock.hpp"
#include "hymy/tablet_store.hpp"
#include "test_support.hpp"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s DB COUNT DEVICE_ID\n", argv[0]);
    return 2;
  }
  try {
    hymy::TabletStore store(argv[1]);
    const long count = std::strtol(argv[2], nullptr, 10);
    for (long i = 0; i < count; ++i) {
      auto r = hymy::testing::make_response(static_cast<int>(i % 4) + 1, hymy::now_ms(), argv[3]);
      if (i % 3 == 0) r.comment = "kommentti " + std::to_string(i);
      store.insert_response(r);
      std::printf("%s\n", r.id.c_str());
      std::fflush(stdout);
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hymy_store_writer: %s\n", e.what());
    return 1;
  }
}
