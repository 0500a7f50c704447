// Running the real hymy-kiosk from tests: a private Xvfb display (started once per test binary,
// found through -displayfd so no display number is guessed) and a child process with a bounded
// run time whose stdout and stderr are collected.
#pragma once

#include <string>
#include <vector>

namespace hymy::kiosk::testing {

struct RunResult {
  int exit_code = -1;  // -1: killed after the time limit
  std::string out;
  std::string err;
};

// Starts Xvfb the first time it is called; returns ":N", or "" if Xvfb is not installed.
const std::string& xvfb_display();

// Runs `argv` (argv[0] is a path) with DISPLAY set to `display` (if not empty), killing it after
// `timeout_ms`. The kiosk runs with leak detection off: the Mesa GL driver leaks at exit inside
// modules it unloads, which LeakSanitizer cannot attribute or suppress. ASan stays on.
RunResult run_process(const std::vector<std::string>& argv, const std::string& display, int timeout_ms);

}  // namespace hymy::kiosk::testing
