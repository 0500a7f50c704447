// hymy-hq's data-care commands: `retention` (erase old comments), `response erase ID`, and
// `demo-seed` (demo data for a fresh data directory; for demos only).
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace hymy::hq {

// Adds the commands to `app`; after parsing, `action` holds the chosen one's work (empty if none
// of these was chosen). Returns the process exit code when run.
void add_data_commands(CLI::App& app, std::function<int()>& action);

}  // namespace hymy::hq
