// The visitor-facing strings and keyboard layouts, one JSON file per language in assets/i18n/
// (e.g. fi.json). Adding a language is adding a file and naming it in the kiosk's config.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "hymy/model.hpp"

namespace hymy::kiosk {

struct LanguagePack {
  Language code;
  std::string name;  // in the language itself: "Suomi", "Svenska", "English"
  std::map<std::string, std::string> strings;
  // Rows of keys, each key one UTF-8 character (lower case; shift upper-cases it).
  std::vector<std::vector<std::string>> letters;
  std::vector<std::vector<std::string>> symbols;

  const std::string& text(const std::string& key) const;
};

class Catalog {
 public:
  // Loads `<dir>/<code>.json` for each language. Throws ConfigError: for a language without a
  // file it names `config_source` and `config_key`; for a broken file it names that file and the
  // key inside it.
  static Catalog load(const std::string& dir, const std::vector<Language>& languages,
                      const std::string& config_source, const std::string& config_key);
  static LanguagePack parse(const std::string& json, const std::string& source_name);
  static const std::vector<std::string>& required_keys();

  const LanguagePack& pack(const Language& code) const;  // falls back to the first language
  const std::vector<Language>& languages() const { return order_; }

 private:
  std::map<Language, LanguagePack> packs_;
  std::vector<Language> order_;
};

// Replaces "{name}" placeholders, e.g. format("{count} / {max}", {{"count", "12"}, ...}).
std::string format(std::string pattern, const std::vector<std::pair<std::string, std::string>>& args);

}  // namespace hymy::kiosk
