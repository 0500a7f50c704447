// hymy-kiosk's run: configuration, window, flow, storage thread and the sleeping main loop.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "storage/fault_store.hpp"

namespace hymy::kiosk {

struct AppOptions {
  std::string config;
  std::optional<std::pair<int, int>> windowed;  // --windowed WxH
  // --screenshot FILE renders one screen and exits.
  std::string screenshot;
  std::string screen = "question";
  std::string language;  // empty: the default language
  std::optional<std::pair<int, int>> size;
  std::string script;    // --script FILE
  bool print_first_frame = false;
  bool vsync = true;
  Faults faults;         // testing only
};

enum ExitCode { kExitOk = 0, kExitRuntime = 1, kExitConfig = 2, kExitScript = 3 };

// Throws ConfigError for bad configuration and std::runtime_error for anything else that stops
// the kiosk from starting; returns an ExitCode otherwise.
int run_kiosk(const AppOptions& options);

}  // namespace hymy::kiosk
