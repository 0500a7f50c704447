// One line per event on stderr ("2026-11-23T08:00:00Z hymy-sync: ..."), which systemd's journal
// or the tablet's log collector keeps. Never logs the device token.
#pragma once

#include <string>

namespace hymy::sync {

void log_line(const std::string& message);

}  // namespace hymy::sync
