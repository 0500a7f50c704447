// Fuzz target: TOML configuration files and the [device] section every tablet component reads.
// Any text must end in a parsed file or a ConfigError; anything else escaping is a bug.
#include <string>

#include "fuzz_targets.hpp"
#include "hymy/config_file.hpp"

namespace hymy::fuzz {

int config_entry(const std::uint8_t* data, std::size_t size) {
  const std::string text(as_text(data, size));
  try {
    (void)ConfigFile::parse("a = " + nested_around(text, "[", "]"), "deep.toml");
    check(false, "TOML nested too deep is refused");
  } catch (const ConfigError& e) {
    check(names_the_depth(e.what()), "TOML nested too deep is refused naming the depth", e.what());
  }
  try {
    const ConfigFile file = ConfigFile::parse(text, "fuzz.toml");
    try {
      const DeviceConfig device = read_device_config(file);
      check(!device.device_id.empty() && !device.unit_id.empty(), "device ids are not empty");
    } catch (const ConfigError& e) {
      check(std::string(e.what()).starts_with("fuzz.toml"), "errors name the file", e.what());
    }
    // The typed getters the components use, on keys that may hold anything.
    for (const char* key : {"sync.hq_url", "kiosk.language", "device", "a.b.c"}) {
      try {
        (void)file.has(key);
        (void)file.string(key, "");
        (void)file.integer(key, 0, -10, 10);
        (void)file.boolean(key, false);
        (void)file.strings(key, {});
      } catch (const ConfigError& e) {
        check(std::string(e.what()).starts_with("fuzz.toml"), "errors name the file", e.what());
      }
    }
  } catch (const ConfigError& e) {
    check(std::string(e.what()).starts_with("fuzz.toml"), "errors name the file", e.what());
  }
  return 0;
}

}  // namespace hymy::fuzz
