// The kiosk's configuration: the [device] section every tablet component reads and the kiosk's
// own [kiosk] section. Relative paths are relative to the config file. Nothing starts
// half-configured: every problem is a ConfigError naming the file and the key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flow/flow.hpp"
#include "flow/staff_flow.hpp"
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
  // [staff]
  std::string staff_pin;                // seeds the PIN hash when the database has none; "" if unset
  std::int64_t staff_idle_ms = 60'000;  // staff mode leaves by itself after this long untouched
  std::int64_t staff_lock_ms = 5 * 60'000;
  int pin_iterations = 0;               // PBKDF2 iterations of new PIN hashes; 0: kPinIterations
};

KioskConfig read_kiosk_config(const ConfigFile& file);

// Everything the kiosk needs before its first frame.
struct KioskSetup {
  KioskConfig config;
  QuestionSet question_set;
  Catalog catalog;
  FlowSettings flow;
  StaffSettings staff;
  bool has_pin = false;  // a PIN hash is in the database (else staff mode starts with "set a PIN")
  int pin_iterations = 0;  // for PINs set on the tablet; 0: the default
  PinGuard pin_guard;    // wrong PINs so far, from the database
};

// Reads the config, opens the database, takes its current question set or seeds it from
// kiosk.question_set (saved with source "local"), loads the language files, stores the hash of
// [staff] pin if the database has no PIN yet, and reads the PIN guard.
KioskSetup load_kiosk_setup(const std::string& config_path);

// "1280x800" -> {1280, 800}; nullopt if malformed or outside 320..8192.
std::optional<std::pair<int, int>> parse_size(const std::string& text);

}  // namespace hymy::kiosk
