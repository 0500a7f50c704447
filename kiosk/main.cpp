// hymy-kiosk: the visitor's full-screen feedback app. Parses the command line and reports
// start-up errors in words a person can act on; everything else lives in kiosk_app.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

#include "app/app.hpp"
#include "app/kiosk_config.hpp"
#include "hymy/config_file.hpp"

int main(int argc, char** argv) {
  using namespace hymy::kiosk;
  AppOptions o;
  std::string windowed, size;
  CLI::App cli{"hymy-kiosk: one question, four faces, one tap. Full screen unless --windowed."};
  cli.add_option("-c,--config", o.config, "Device config (TOML) with [device] and [kiosk]")->required();
  cli.add_option("--windowed", windowed, "Run in a window of this size, e.g. 1280x800 (development)");
  cli.add_option("--screenshot", o.screenshot, "Render one screen to this PNG file and exit");
  cli.add_option("--screen", o.screen, "With --screenshot: question, comment, thanks, closed, failed, staff");
  cli.add_option("--lang", o.language, "With --screenshot: language code (default: the default language)");
  cli.add_option("--size", size, "With --screenshot or --script: window size, e.g. 1280x800");
  cli.add_option("--script", o.script, "Drive the kiosk with scripted input (UI tests, benchmark)");
  cli.add_flag("--print-first-frame", o.print_first_frame, "Print 'first-frame' once the first frame is drawn");
  bool no_vsync = false;
  cli.add_flag("--no-vsync", no_vsync, "Do not wait for the display's refresh (benchmark)");
  auto* testing = cli.add_option_group("Testing", "Fault injection for tests and benchmarks");
  testing->add_option("--fault-store-delay-ms", o.faults.delay_ms, "Delay every database write by this much");
  testing->add_flag("--fault-store-fail", o.faults.fail_writes, "Make every database write fail");
  CLI11_PARSE(cli, argc, argv);
  o.vsync = !no_vsync;

  for (auto [text, target, flag] : {std::tuple{&windowed, &o.windowed, "--windowed"}, std::tuple{&size, &o.size, "--size"}}) {
    if (text->empty()) continue;
    *target = parse_size(*text);
    if (!*target) {
      std::fprintf(stderr, "hymy-kiosk: %s: expected a size like 1280x800, found '%s'\n", flag, text->c_str());
      return kExitConfig;
    }
  }

  try {
    return run_kiosk(o);
  } catch (const hymy::ConfigError& e) {
    std::fprintf(stderr, "hymy-kiosk: configuration error: %s\n", e.what());
    return kExitConfig;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hymy-kiosk: cannot start: %s\n", e.what());
    return kExitRuntime;
  }
}
