// The kiosk's configuration: the [device] section every tablet component reads and the kiosk's
// own [kiosk] section. Relative paths are relative to the config file. Nothing starts
// half-configured: every problem is a ConfigError naming the file and the key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flow/flow.hpp"
#include "hymy/config_file.hpp"
#include "i18n/catalog.hpp"
#include "platform/fonts.hpp"

namespace hymy::kiosk {

struct KioskConfig {
  DeviceConfig device;
  std::string source;                  // the config file
  std::string question_set_file;       // seeds an empty database; may be empty
  std::vector<Language> languages;     // empty: the question set's languages
  Language default_language;           // empty: the question set's default
  std::string i18n_dir;
  FontFiles fonts;
  std::int64_t inactivity_ms = 30'000;
  std::int64_t thank_you_ms = 4'000;
  std::int64_t rapid_repeat_ms = 5'000;
  std::int64_t staff_hold_ms = 3'000;
  bool show_face_labels = true;
  std::optional<std::pair<int, int>> windowed;  // [kiosk] windowed = "1280x800" for development
};

KioskConfig read_kiosk_config(const ConfigFile& file);

// Everything the kiosk needs before its first frame.
struct KioskSetup {
  KioskConfig config;
  QuestionSet question_set;
  Catalog catalog;
  FlowSettings flow;
};

// Reads the config, opens the database, takes its current question set or seeds it from
// kiosk.question_set (saved with source "local"), and loads the language files.
KioskSetup load_kiosk_setup(const std::string& config_path);

// "1280x800" -> {1280, 800}; nullopt if malformed or outside 320..8192.
std::optional<std::pair<int, int>> parse_size(const std::string& text);

}  // namespace hymy::kiosk
