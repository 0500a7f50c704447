// hymy-hq's command line: `serve` and the admin commands (unit, device, question-set, user).
#pragma once

namespace hymy::hq {

// Runs the command line; returns the process exit code. Errors go to stderr naming what was wrong.
int run_cli(int argc, char** argv);

}  // namespace hymy::hq
