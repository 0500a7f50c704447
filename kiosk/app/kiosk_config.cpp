// Reading the kiosk's configuration and preparing its data (see kiosk_config.hpp).
#include "app/kiosk_config.hpp"

#include <algorithm>
#include <filesystem>

#include "hymy/question_set_json.hpp"
#include "hymy/tablet_store.hpp"
#include "hymy/clock.hpp"
#include "storage/pin_hash.hpp"
#include "storage/staff_keys.hpp"

#ifndef HYMY_KIOSK_ASSETS_DIR
#define HYMY_KIOSK_ASSETS_DIR "assets"
#endif
#ifndef HYMY_KIOSK_FONT
#define HYMY_KIOSK_FONT "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#endif
#ifndef HYMY_KIOSK_FONT_BOLD
#define HYMY_KIOSK_FONT_BOLD "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
#endif

namespace hymy::kiosk {
namespace {

// Where the translations are when the configuration does not say: beside an installed binary
// (<prefix>/bin/hymy-kiosk and <prefix>/share/hymy, as the package lays it out), else the source
// tree the binary was built from (development and tests).
std::string default_assets_dir() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const std::filesystem::path installed = exe.parent_path().parent_path() / "share" / "hymy";
    if (std::filesystem::is_directory(installed / "i18n", ec)) return installed.string();
  }
  return HYMY_KIOSK_ASSETS_DIR;
}

namespace fs = std::filesystem;

std::string resolve(const std::string& config_path, const std::string& path) {
  if (path.empty() || fs::path(path).is_absolute()) return path;
  return (fs::path(config_path).parent_path() / path).lexically_normal().string();
}

}  // namespace

std::optional<std::pair<int, int>> parse_size(const std::string& text) {
  const auto x = text.find('x');
  if (x == std::string::npos || x == 0 || x + 1 >= text.size()) return std::nullopt;
  try {
    std::size_t used_w = 0, used_h = 0;
    const int w = std::stoi(text.substr(0, x), &used_w);
    const int h = std::stoi(text.substr(x + 1), &used_h);
    if (used_w != x || used_h != text.size() - x - 1) return std::nullopt;
    if (w < 320 || h < 240 || w > 8192 || h > 8192) return std::nullopt;
    return std::make_pair(w, h);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

KioskConfig read_kiosk_config(const ConfigFile& file) {
  KioskConfig c;
  c.source = file.source();
  c.device = read_device_config(file);
  // A misspelt key would otherwise be silently ignored.
  file.check_known_keys("kiosk", {"question_set", "languages", "default_language", "i18n_dir", "font",
                                  "font_bold", "inactivity_seconds", "thank_you_seconds",
                                  "rapid_repeat_seconds", "staff_hold_seconds", "show_face_labels",
                                  "windowed"});
  c.device.database = resolve(c.source, c.device.database);
  c.question_set_file = resolve(c.source, file.string("kiosk.question_set", ""));
  c.languages = file.strings("kiosk.languages", {});
  c.default_language = file.string("kiosk.default_language", "");
  c.i18n_dir = file.has("kiosk.i18n_dir") ? resolve(c.source, file.string("kiosk.i18n_dir", ""))
                                          : default_assets_dir() + "/i18n";
  c.fonts.regular = resolve(c.source, file.string("kiosk.font", HYMY_KIOSK_FONT));
  c.fonts.bold = resolve(c.source, file.string("kiosk.font_bold", HYMY_KIOSK_FONT_BOLD));
  c.inactivity_ms = file.integer("kiosk.inactivity_seconds", 30, 5, 3600) * 1000;
  c.thank_you_ms = file.integer("kiosk.thank_you_seconds", 4, 1, 60) * 1000;
  c.rapid_repeat_ms = file.integer("kiosk.rapid_repeat_seconds", 5, 0, 3600) * 1000;
  c.staff_hold_ms = file.integer("kiosk.staff_hold_seconds", 3, 1, 30) * 1000;
  c.show_face_labels = file.boolean("kiosk.show_face_labels", true);
  if (file.has("kiosk.windowed")) {
    c.windowed = parse_size(file.string("kiosk.windowed", ""));
    if (!c.windowed)
      file.fail("kiosk.windowed", "expected a size like \"1280x800\", found \"" + file.string("kiosk.windowed", "") + "\"");
  }
  file.check_known_keys("staff", {"pin", "idle_seconds", "lock_minutes", "pin_iterations"});
  if (file.has("staff.pin")) {
    c.staff_pin = file.string("staff.pin", "");
    if (const std::string bad = check_pin_format(c.staff_pin); !bad.empty()) file.fail("staff.pin", bad);
  }
  c.staff_idle_ms = file.integer("staff.idle_seconds", 60, 15, 3600) * 1000;
  c.staff_lock_ms = file.integer("staff.lock_minutes", 5, 1, 24 * 60) * 60'000;
  // Lower only for very slow hardware or tests; each stored hash carries its own count.
  c.pin_iterations = static_cast<int>(file.integer("staff.pin_iterations", kPinIterations, 1'000, 10'000'000));
  return c;
}

KioskSetup load_kiosk_setup(const std::string& config_path) {
  const ConfigFile file = ConfigFile::load(config_path);
  KioskConfig config = read_kiosk_config(file);

  // The database's set wins (HQ may have sent a newer one); the file only seeds an empty one.
  std::optional<QuestionSet> set;
  bool has_pin = false;
  PinRules rules;
  rules.lock_ms = config.staff_lock_ms;
  PinGuard guard;
  {
    TabletStore store(config.device.database);
    // The config's PIN only seeds an empty database; after that staff change it on the tablet.
    has_pin = store.state(staff_keys::kPinHash).has_value();
    if (!has_pin && !config.staff_pin.empty()) {
      store.put_state(staff_keys::kPinHash, hash_pin(config.staff_pin, config.pin_iterations));
      has_pin = true;
    }
    if (const auto g = store.state(staff_keys::kPinGuard)) guard = decode_pin_guard(*g, now_ms(), rules);
    set = store.current_question_set();
    if (!set) {
      if (config.question_set_file.empty())
        file.fail("kiosk.question_set", "the database " + config.device.database +
                                            " holds no question set; expected the path of a question-set JSON file to start from, found nothing");
      try {
        set = load_question_set_file(config.question_set_file);
      } catch (const ConfigError& e) {
        file.fail("kiosk.question_set", e.what());
      }
      if (set->unit_id.empty()) set->unit_id = config.device.unit_id;
      store.save_question_set(*set, "local");
    }
  }

  if (config.languages.empty()) config.languages = set->languages;
  if (config.languages.empty()) config.languages = {set->default_language};
  Catalog catalog = Catalog::load(config.i18n_dir, config.languages, config.source, "kiosk.languages");
  if (config.default_language.empty())
    config.default_language =
        std::find(config.languages.begin(), config.languages.end(), set->default_language) != config.languages.end()
            ? set->default_language
            : config.languages.front();
  if (std::find(config.languages.begin(), config.languages.end(), config.default_language) == config.languages.end())
    file.fail("kiosk.default_language", "expected one of the kiosk's languages, found '" + config.default_language + "'");

  FlowSettings flow;
  flow.device_id = config.device.device_id;
  flow.unit_id = config.device.unit_id;
  flow.languages = config.languages;
  flow.default_language = config.default_language;
  flow.inactivity_ms = config.inactivity_ms;
  flow.thank_you_ms = config.thank_you_ms;
  flow.rapid_repeat_ms = config.rapid_repeat_ms;
  flow.staff_hold_ms = config.staff_hold_ms;
  flow.staff_idle_ms = config.staff_idle_ms;
  StaffSettings staff;
  staff.device_id = config.device.device_id;
  staff.unit_id = config.device.unit_id;
  staff.languages = config.languages;
  staff.default_language = config.default_language;
  staff.pin_rules = rules;
  const int iterations = config.pin_iterations;
  return KioskSetup{std::move(config), std::move(*set), std::move(catalog), std::move(flow), std::move(staff),
                    has_pin, iterations, guard};
}

}  // namespace hymy::kiosk
