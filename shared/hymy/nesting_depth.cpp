// Single-pass, constant-memory nesting scans (see nesting_depth.hpp).
#include "hymy/nesting_depth.hpp"

#include <cstddef>

namespace hymy {

std::string nesting_too_deep_message(std::string_view format, int limit) {
  return std::string(format) + " nested deeper than " + std::to_string(limit) + " levels";
}

bool json_nesting_exceeds(std::string_view text, int limit) {
  int depth = 0;
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n; ++i) {
    switch (text[i]) {
      case '"':
        // Skip the string; a backslash always takes the next byte with it, so `\"` and `\\`
        // are both handled. An unterminated string ends the scan (the parser names it).
        for (++i; i < n && text[i] != '"'; ++i) {
          if (text[i] == '\\') ++i;
        }
        break;
      case '[':
      case '{':
        if (++depth > limit) return true;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return false;
}

namespace {

// Index just past a TOML string starting at text[i] (a quote), or text.size() if unterminated.
std::size_t skip_toml_string(std::string_view text, std::size_t i) {
  const char quote = text[i];
  const bool basic = quote == '"';  // literal strings ('...') have no escapes
  const bool multi_line = text.substr(i, 3) == std::string_view(basic ? "\"\"\"" : "'''");
  const std::size_t n = text.size();
  if (multi_line) {
    for (i += 3; i < n; ++i) {
      if (basic && text[i] == '\\') {
        ++i;
      } else if (text.substr(i, 3) == std::string_view(basic ? "\"\"\"" : "'''")) {
        // Up to two more quotes may close it ("""a""""" is a string ending in two quotes).
        i += 3;
        for (int extra = 0; extra < 2 && i < n && text[i] == quote; ++extra) ++i;
        return i;
      }
    }
    return n;
  }
  for (++i; i < n; ++i) {
    if (text[i] == '\n') return i;  // single-line strings end at the line; the parser objects
    if (basic && text[i] == '\\') {
      ++i;
    } else if (text[i] == quote) {
      return i + 1;
    }
  }
  return n;
}

}  // namespace

bool toml_nesting_exceeds(std::string_view text, int limit) {
  int depth = 0;
  bool line_start = true;  // only whitespace so far on this line
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const char c = text[i];
    if (c == '\n') {
      line_start = true;
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    const bool header = line_start && depth == 0 && c == '[';
    line_start = false;
    if (header) {
      // [table] or [[array.of.tables]]: skip its brackets and quoted keys, to the closing `]`.
      while (i < n && text[i] != '\n') {
        if (text[i] == '"' || text[i] == '\'') {
          i = skip_toml_string(text, i);
        } else if (text[i] == ']') {
          ++i;
          if (i < n && text[i] == ']') ++i;
          break;
        } else {
          ++i;
        }
      }
      continue;
    }
    switch (c) {
      case '#':
        while (i < n && text[i] != '\n') ++i;
        continue;
      case '"':
      case '\'':
        i = skip_toml_string(text, i);
        continue;
      case '[':
      case '{':
        if (++depth > limit) return true;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
    ++i;
  }
  return false;
}

}  // namespace hymy
