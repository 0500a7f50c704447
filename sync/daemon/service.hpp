// hymy-sync as a process: load the configuration, open the tablet's database, run cycles until
// stopped, sleeping between them on the StopSignal and waking early when the configuration or
// token file changes (so a re-enrolled tablet syncs at once).
#pragma once

#include <string>

#include "daemon/stop_signal.hpp"

namespace hymy::sync {

// Exit codes: 0 ok, 1 the (last) cycle failed (only with `once`), 2 configuration error.
int run_service(const std::string& config_path, bool once, StopSignal& stop);

// `hymy-sync status`: prints the status the daemon wrote into the database. Exit code as above.
int print_status(const std::string& config_path);

}  // namespace hymy::sync
