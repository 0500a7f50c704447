// UTF-8 helpers for the comment draft (see utf8_text.hpp).
#include "flow/utf8_text.hpp"

namespace hymy::kiosk {
namespace {

// Length of the valid sequence starting at s[i], or 0 if invalid.
std::size_t sequence_length(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  char32_t cp = 0;
  if (b < 0x80) return 1;
  if ((b & 0xE0) == 0xC0) { n = 2; cp = b & 0x1Fu; }
  else if ((b & 0xF0) == 0xE0) { n = 3; cp = b & 0x0Fu; }
  else if ((b & 0xF8) == 0xF0) { n = 4; cp = b & 0x07u; }
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3Fu);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not text.
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
      (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
    return 0;
  return n;
}

}  // namespace

std::size_t utf8_count(std::string_view s) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++count;
  return count;
}

void utf8_pop_back(std::string& s) {
  while (!s.empty()) {
    const auto c = static_cast<unsigned char>(s.back());
    s.pop_back();
    if ((c & 0xC0) != 0x80) break;
  }
}

std::size_t utf8_append_limited(std::string& s, std::string_view add, std::size_t max_chars) {
  std::size_t have = utf8_count(s);
  std::size_t appended = 0;
  for (std::size_t i = 0; i < add.size();) {
    const std::size_t n = sequence_length(add, i);
    if (n == 0) { ++i; continue; }
    const auto b = static_cast<unsigned char>(add[i]);
    // Control characters (tabs, escapes) have no place in a one-line comment.
    const bool control = n == 1 && (b < 0x20 || b == 0x7F);
    if (!control) {
      if (have >= max_chars) break;
      s.append(add.substr(i, n));
      ++have;
      ++appended;
    }
    i += n;
  }
  return appended;
}

std::string utf8_encode(char32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

std::string utf8_upper(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = sequence_length(s, i);
    if (n == 0) { ++i; continue; }
    const auto b = static_cast<unsigned char>(s[i]);
    if (n == 1) {
      out += (b >= 'a' && b <= 'z') ? static_cast<char>(b - 32) : static_cast<char>(b);
    } else if (n == 2) {
      const char32_t cp = ((b & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
      // Latin-1 lower-case letters sit 0x20 above their capitals (except ÷ and ÿ).
      if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) out += utf8_encode(cp - 0x20);
      else out.append(s.substr(i, n));
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

}  // namespace hymy::kiosk

namespace hymy::kiosk {

std::u32string utf8_decode(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = sequence_length(s, i);
    if (n == 0) { ++i; continue; }
    const auto b = static_cast<unsigned char>(s[i]);
    char32_t cp = n == 1 ? b : n == 2 ? (b & 0x1Fu) : n == 3 ? (b & 0x0Fu) : (b & 0x07u);
    for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
    out.push_back(cp);
    i += n;
  }
  return out;
}

}  // namespace hymy::kiosk
