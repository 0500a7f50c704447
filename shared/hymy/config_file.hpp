// Reading TOML configuration with errors a person can act on: every error names the file, the
// key, what was expected and what was found.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace hymy {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ConfigFile {
 public:
  // Throws ConfigError for a missing/unreadable file or a TOML syntax error (with line, column).
  static ConfigFile load(const std::string& path);
  static ConfigFile parse(const std::string& text, const std::string& source_name);
  ~ConfigFile();
  ConfigFile(ConfigFile&&) noexcept;
  ConfigFile& operator=(ConfigFile&&) noexcept;

  const std::string& source() const { return source_; }
  bool has(const std::string& key) const;  // dotted path, e.g. "sync.hq_url"

  std::string require_string(const std::string& key) const;
  std::string string(const std::string& key, const std::string& fallback) const;
  std::int64_t integer(const std::string& key, std::int64_t fallback, std::int64_t min,
                       std::int64_t max) const;
  bool boolean(const std::string& key, bool fallback) const;
  std::vector<std::string> strings(const std::string& key,
                                   const std::vector<std::string>& fallback) const;

  // Refuses keys in the table at `table_key` ("" for the top level) that are not in `known`, so
  // that a misspelt key is an error instead of a silently used default. A missing table is fine.
  void check_known_keys(const std::string& table_key, const std::vector<std::string>& known) const;

  // "<file>: key '<key>': <message>"
  [[noreturn]] void fail(const std::string& key, const std::string& message) const;

 private:
  ConfigFile(std::string source, void* table);
  std::string source_;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The [device] section every component on the tablet reads. Ids must be slugs (a-z, 0-9, '-'),
// the time zone a known IANA name, and no other keys may appear in [device].
struct DeviceConfig {
  std::string device_id;
  std::string unit_id;
  std::string database;                     // path of the tablet's SQLite file
  std::string time_zone = "Europe/Helsinki";
};

DeviceConfig read_device_config(const ConfigFile& file);

// The whole text of a small configuration file (TOML, JSON). Throws ConfigError
// "<path>: cannot read file: <reason>" if it is missing, unreadable, a directory, or larger than
// `max_bytes`, so a wrong path never reads a huge file into memory.
std::string read_config_text(const std::string& path, std::size_t max_bytes = 1 << 20);

}  // namespace hymy
