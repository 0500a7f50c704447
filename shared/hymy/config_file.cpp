// TOML configuration over toml++, with errors that name the file, the key, what was expected and
// what was found, so whoever edits a tablet's config can fix it from the message alone.
#include "hymy/config_file.hpp"

#include "hymy/regular_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <utility>

#include <toml++/toml.h>

#include "hymy/local_time.hpp"
#include "hymy/nesting_depth.hpp"

namespace hymy {

struct ConfigFile::Impl {
  toml::table table;
};

namespace {

// Configuration files are a few hundred bytes; anything much larger is a mistake (a log or a
// database given as the config path) and is refused before it is read into memory.
constexpr std::size_t kMaxConfigBytes = 1 << 20;

// At most `max` bytes of `s`, cut at a UTF-8 character boundary, with "..." when shortened.
std::string shorten(std::string s, std::size_t max = 60) {
  if (s.size() <= max) return s;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0u) == 0x80u) --cut;
  s.resize(cut);
  return s + "...";
}

// A string as it would be written in the file, in double quotes, with quotes, backslashes and
// control characters escaped so that the message stays on one line; long strings are cut.
std::string quote(const std::string& full) {
  const std::string s = shorten(full, 50);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      const auto b = static_cast<unsigned char>(c);
      out += "\\u00";
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// The TOML form of a value, e.g. `"abc"`, `42`, `["fi", 2]`. Bounded: a huge array in a config
// file must not become a huge error message.
std::string value_text(const toml::node& node, std::size_t budget = 80) {
  if (const auto* str = node.as_string()) return quote(str->get());
  if (const auto* array = node.as_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < array->size(); ++i) {
      if (out.size() > budget) {
        out += ", ...";
        break;
      }
      if (i > 0) out += ", ";
      out += value_text(*array->get(i), budget);
    }
    return shorten(out + "]");
  }
  if (node.is_table()) return "{...}";
  std::ostringstream text;
  node.visit([&](const auto& n) { text << n; });
  return shorten(text.str());
}

// How a value appears in an error: its TOML form and its kind, e.g. `"abc" (a string)`.
std::string describe(const toml::node& node) {
  std::string kind;
  switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: kind = "an array"; break;
    case toml::node_type::string:
      kind = node.as_string()->get().empty() ? "an empty string" : "a string";
      break;
    case toml::node_type::integer: kind = "an integer"; break;
    case toml::node_type::floating_point: kind = "a floating-point number"; break;
    case toml::node_type::boolean: kind = "a boolean"; break;
    case toml::node_type::date: kind = "a date"; break;
    case toml::node_type::time: kind = "a time"; break;
    case toml::node_type::date_time: kind = "a date-time"; break;
    case toml::node_type::none: return "nothing";
  }
  return value_text(node) + " (" + kind + ")";
}

bool is_slug(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

}  // namespace

ConfigFile::ConfigFile(std::string source, void* table)
    : source_(std::move(source)),
      impl_(std::make_unique<Impl>(Impl{std::move(*static_cast<toml::table*>(table))})) {}

ConfigFile::~ConfigFile() = default;
ConfigFile::ConfigFile(ConfigFile&&) noexcept = default;
ConfigFile& ConfigFile::operator=(ConfigFile&&) noexcept = default;

std::string read_config_text(const std::string& path, std::size_t max_bytes) {
  try {
    return read_regular_file(path, max_bytes);
  } catch (const FileReadError& e) {
    throw ConfigError(path + ": cannot read file: " + e.detail());
  }
}

ConfigFile ConfigFile::load(const std::string& path) {
  return parse(read_config_text(path, kMaxConfigBytes), path);
}

ConfigFile ConfigFile::parse(const std::string& text, const std::string& source_name) {
  // toml++ recurses once per nested array or inline table: refuse deep text before it reads it.
  if (toml_nesting_exceeds(text)) {
    throw ConfigError(source_name + ": " + nesting_too_deep_message("TOML"));
  }
  toml::table table;
  try {
    table = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    throw ConfigError(source_name + ":" + std::to_string(begin.line) + ":" +
                      std::to_string(begin.column) + ": TOML syntax error: " +
                      std::string(e.description()));
  }
  return ConfigFile(source_name, &table);
}

namespace {

// The node at a dotted key, or null if some part is missing. A part that exists but is not a
// table is an error: "sync = 5" must not read as "no [sync] section".
const toml::node* find_node(const ConfigFile& file, const toml::table& root,
                            const std::string& key) {
  const toml::node* node = &root;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = key.find('.', start);
    const std::string part = key.substr(start, dot == std::string::npos ? dot : dot - start);
    const toml::table* table = node->as_table();
    if (table == nullptr) {
      const std::string parent = key.substr(0, start == 0 ? 0 : start - 1);
      file.fail(parent, "expected a table, found " + describe(*node));
    }
    node = table->get(part);
    if (node == nullptr) return nullptr;
    if (dot == std::string::npos) return node;
    start = dot + 1;
  }
}

}  // namespace

bool ConfigFile::has(const std::string& key) const {
  return find_node(*this, impl_->table, key) != nullptr;
}

std::string ConfigFile::require_string(const std::string& key) const {
  const toml::node* node = find_node(*this, impl_->table, key);
  if (node == nullptr) fail(key, "missing; expected a non-empty string");
  const auto* value = node->as_string();
  if (value == nullptr || value->get().empty()) {
    fail(key, "expected a non-empty string, found " + describe(*node));
  }
  return value->get();
}

std::string ConfigFile::string(const std::string& key, const std::string& fallback) const {
  const toml::node* node = find_node(*this, impl_->table, key);
  if (node == nullptr) return fallback;
  const auto* value = node->as_string();
  if (value == nullptr) fail(key, "expected a string, found " + describe(*node));
  return value->get();
}

std::int64_t ConfigFile::integer(const std::string& key, std::int64_t fallback, std::int64_t min,
                                 std::int64_t max) const {
  const toml::node* node = find_node(*this, impl_->table, key);
  if (node == nullptr) return fallback;
  const auto* value = node->as_integer();
  if (value == nullptr || value->get() < min || value->get() > max) {
    fail(key, "expected an integer from " + std::to_string(min) + " to " + std::to_string(max) +
                  ", found " + describe(*node));
  }
  return value->get();
}

bool ConfigFile::boolean(const std::string& key, bool fallback) const {
  const toml::node* node = find_node(*this, impl_->table, key);
  if (node == nullptr) return fallback;
  const auto* value = node->as_boolean();
  if (value == nullptr) fail(key, "expected true or false, found " + describe(*node));
  return value->get();
}

std::vector<std::string> ConfigFile::strings(const std::string& key,
                                             const std::vector<std::string>& fallback) const {
  const toml::node* node = find_node(*this, impl_->table, key);
  if (node == nullptr) return fallback;
  const auto* array = node->as_array();
  if (array == nullptr) fail(key, "expected an array of strings, found " + describe(*node));
  std::vector<std::string> out;
  out.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    const auto* value = element.as_string();
    if (value == nullptr) {
      fail(key + "[" + std::to_string(i) + "]", "expected a string, found " + describe(element));
    }
    out.push_back(value->get());
  }
  return out;
}

void ConfigFile::check_known_keys(const std::string& table_key,
                                  const std::vector<std::string>& known) const {
  const toml::node* node =
      table_key.empty() ? &impl_->table : find_node(*this, impl_->table, table_key);
  if (node == nullptr) return;
  const toml::table* table = node->as_table();
  if (table == nullptr) fail(table_key, "expected a table, found " + describe(*node));
  for (const auto& [name, value] : *table) {
    const std::string name_str(name.str());
    if (std::find(known.begin(), known.end(), name_str) != known.end()) continue;
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    fail(table_key.empty() ? name_str : table_key + "." + name_str,
         "unknown key; expected one of: " + list);
  }
}

void ConfigFile::fail(const std::string& key, const std::string& message) const {
  throw ConfigError(source_ + ": key '" + key + "': " + message);
}

DeviceConfig read_device_config(const ConfigFile& file) {
  file.check_known_keys("device", {"id", "unit", "database", "time_zone"});
  DeviceConfig config;

  const auto slug = [&](const std::string& key) {
    std::string value = file.require_string(key);
    if (!is_slug(value)) {
      file.fail(key, "expected an id of lowercase letters a-z, digits and '-', found " +
                         quote(value) + " (a string)");
    }
    return value;
  };
  config.device_id = slug("device.id");
  config.unit_id = slug("device.unit");
  config.database = file.require_string("device.database");

  config.time_zone = file.string("device.time_zone", config.time_zone);
  try {
    (void)TimeZone(config.time_zone);
  } catch (const std::invalid_argument&) {
    file.fail("device.time_zone", "expected an IANA time zone name such as \"Europe/Helsinki\", "
                                  "found " + quote(config.time_zone) + " (an unknown zone)");
  } catch (const std::exception& e) {
    file.fail("device.time_zone", e.what());  // no time zone database at all
  }
  return config;
}

}  // namespace hymy
