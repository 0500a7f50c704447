// Loading and checking the language files (see catalog.hpp).
#include "i18n/catalog.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "flow/utf8_text.hpp"
#include "hymy/config_file.hpp"
#include "hymy/json_bounded.hpp"

namespace hymy::kiosk {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& source, const std::string& key, const std::string& what) {
  throw ConfigError(source + ": key '" + key + "': " + what);
}

std::string type_name(const json& j) { return j.is_null() ? "nothing" : j.type_name(); }

std::vector<std::vector<std::string>> parse_rows(const json& root, const std::string& source,
                                                 const std::string& key) {
  const auto it = root.find("keyboard");
  if (it == root.end() || !it->is_object() || !it->contains(key.substr(9)))
    fail(source, key, "expected an array of key rows, found nothing");
  const json& rows = (*it)[key.substr(9)];
  if (!rows.is_array() || rows.empty())
    fail(source, key, "expected a non-empty array of key rows, found " + type_name(rows));
  std::vector<std::vector<std::string>> out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::string row_key = key + "[" + std::to_string(r) + "]";
    if (!rows[r].is_string() || rows[r].get<std::string>().empty())
      fail(source, row_key, "expected a string of keys, found " + type_name(rows[r]));
    // Each code point of the row string is one key.
    const std::string row = rows[r].get<std::string>();
    std::vector<std::string> keys;
    std::string buf;
    for (std::size_t i = 0; i < row.size(); ++i) {
      buf += row[i];
      const bool next_is_start =
          i + 1 == row.size() || (static_cast<unsigned char>(row[i + 1]) & 0xC0) != 0x80;
      if (next_is_start) {
        if (buf != " ") keys.push_back(buf);
        buf.clear();
      }
    }
    if (keys.size() > 13) fail(source, row_key, "expected at most 13 keys, found " +
                                                     std::to_string(keys.size()));
    out.push_back(std::move(keys));
  }
  return out;
}

}  // namespace

const std::vector<std::string>& Catalog::required_keys() {
  static const std::vector<std::string> keys = {
      "face.1",          "face.2",          "face.3",           "face.4",
      "question.finish", "comment.title",   "comment.privacy",  "comment.placeholder",
      "comment.send",    "comment.skip",    "comment.count",    "keyboard.space",
      "keyboard.symbols", "keyboard.letters", "thanks.title",    "thanks.subtitle",
      "closed.title",    "closed.subtitle", "failed.title",     "failed.subtitle",
      "staff.back"};
  return keys;
}

const std::string& LanguagePack::text(const std::string& key) const {
  const auto it = strings.find(key);
  return it != strings.end() ? it->second : key;
}

LanguagePack Catalog::parse(const std::string& text, const std::string& source) {
  json root;
  try {
    root = parse_json_bounded(text);
  } catch (const JsonTooDeep& e) {
    throw ConfigError(source + ": " + e.what());
  } catch (const json::parse_error& e) {
    throw ConfigError(source + ": not valid JSON (at byte " + std::to_string(e.byte) +
                      "): " + e.what());
  }
  if (!root.is_object()) fail(source, "(top level)", "expected an object, found " + type_name(root));

  LanguagePack pack;
  for (const char* key : {"language", "name"}) {
    const auto it = root.find(key);
    if (it == root.end() || !it->is_string() || it->get<std::string>().empty())
      fail(source, key, "expected a non-empty string, found " +
                            (it == root.end() ? std::string("nothing") : type_name(*it)));
  }
  pack.code = root["language"].get<std::string>();
  pack.name = root["name"].get<std::string>();

  const auto strings = root.find("strings");
  if (strings == root.end() || !strings->is_object())
    fail(source, "strings", "expected an object of texts, found " +
                                (strings == root.end() ? std::string("nothing") : type_name(*strings)));
  for (const auto& [key, value] : strings->items()) {
    if (!value.is_string()) fail(source, "strings." + key, "expected a string, found " + type_name(value));
    pack.strings[key] = value.get<std::string>();
  }
  for (const auto& key : required_keys()) {
    const auto it = pack.strings.find(key);
    if (it == pack.strings.end() || it->second.empty())
      fail(source, "strings." + key, "expected a non-empty string, found nothing");
  }
  pack.letters = parse_rows(root, source, "keyboard.letters");
  pack.symbols = parse_rows(root, source, "keyboard.symbols");
  return pack;
}

Catalog Catalog::load(const std::string& dir, const std::vector<Language>& languages,
                      const std::string& config_source, const std::string& config_key) {
  if (languages.empty()) fail(config_source, config_key, "expected at least one language, found none");
  Catalog catalog;
  for (const auto& code : languages) {
    if (catalog.packs_.count(code)) fail(config_source, config_key, "language '" + code + "' is listed twice");
    const std::string path = dir + "/" + code + ".json";
    std::ifstream in(path, std::ios::binary);
    if (!in)
      fail(config_source, config_key,
           "unknown language '" + code + "': expected its strings in " + path + ", found no such file");
    std::ostringstream text;
    text << in.rdbuf();
    LanguagePack pack = parse(text.str(), path);
    if (pack.code != code)
      fail(path, "language", "expected '" + code + "' (the file's name), found '" + pack.code + "'");
    catalog.order_.push_back(code);
    catalog.packs_.emplace(code, std::move(pack));
  }
  return catalog;
}

const LanguagePack& Catalog::pack(const Language& code) const {
  const auto it = packs_.find(code);
  return it != packs_.end() ? it->second : packs_.at(order_.front());
}

std::string format(std::string pattern,
                   const std::vector<std::pair<std::string, std::string>>& args) {
  for (const auto& [name, value] : args) {
    const std::string token = "{" + name + "}";
    for (std::size_t at = pattern.find(token); at != std::string::npos;
         at = pattern.find(token, at + value.size()))
      pattern.replace(at, token.size(), value);
  }
  return pattern;
}

}  // namespace hymy::kiosk
