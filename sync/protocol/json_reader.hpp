// A strict one-pass reader of JSON text for the protocol's hot path: it hands a SAX handler the
// same events, in the same order, as nlohmann::json::sax_parse does, for the JSON a tablet's
// encoder writes (objects, arrays, strings with any escapes, integers, true/false/null). It
// returns false on anything else — invalid JSON, but also valid JSON it leaves to nlohmann
// (numbers with a fraction or an exponent, integers of 19 digits or more, a byte order mark) —
// so a caller that gets false reads the text again with nlohmann, unless too_deep() says the
// text nests deeper than kMaxNestingDepth, which no reader accepts. Everything it does accept,
// nlohmann accepts with the same values. It never recurses.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "hymy/nesting_depth.hpp"

namespace hymy::protocol {

template <typename Handler>
class JsonReader {
 public:
  JsonReader(std::string_view text, Handler& handler)
      : p_(text.data()), end_(text.data() + text.size()), handler_(handler) {}

  // True if the text is one JSON value (with whitespace around) and the handler took every event.
  bool read() {
    skip_space();
    if (!values()) return false;
    skip_space();
    return p_ == end_;
  }

  // After read() gave false: whether it stopped at an array or object opening more than
  // kMaxNestingDepth levels deep. Such text is refused, not read again by another parser.
  bool too_deep() const { return too_deep_; }

 private:
  static constexpr std::size_t kUnknownSize = static_cast<std::size_t>(-1);  // as nlohmann says
  static constexpr std::size_t kMaxIntegerDigits = 18;  // always fits std::int64_t

  // Bytes a string holds as they are: printable ASCII but the quote and the backslash.
  static constexpr std::array<bool, 256> kPlain = [] {
    std::array<bool, 256> plain{};
    for (int c = 0x20; c < 0x80; ++c) plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
    return plain;
  }();

  bool at(char c) const { return p_ != end_ && *p_ == c; }
  static bool digit(char c) { return c >= '0' && c <= '9'; }

  void skip_space() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  // One whole value, however it nests, without recursion: the open arrays and objects live in a
  // fixed stack of kMaxNestingDepth entries (true: an object), so hostile nesting costs no stack.
  bool values() {
    std::array<bool, kMaxNestingDepth> in_object{};
    int depth = 0;
    for (;;) {
      // A value starts at p_.
      skip_space();
      if (p_ == end_) return false;
      bool closed = false;  // the value just read was an empty array or object
      if (*p_ == '{' || *p_ == '[') {
        const bool object = *p_ == '{';
        if (depth == kMaxNestingDepth) {
          too_deep_ = true;
          return false;
        }
        ++p_;
        if (!(object ? handler_.start_object(kUnknownSize) : handler_.start_array(kUnknownSize)))
          return false;
        in_object[static_cast<std::size_t>(depth++)] = object;
        skip_space();
        if (at(object ? '}' : ']')) {
          closed = true;
        } else {
          if (object && !member_key()) return false;
          continue;  // its first value
        }
      } else if (!scalar()) {
        return false;
      }
      // After a value: close what ends here, then go on to the next value, or finish.
      for (;;) {
        if (closed) {
          ++p_;
          const bool object = in_object[static_cast<std::size_t>(--depth)];
          if (!(object ? handler_.end_object() : handler_.end_array())) return false;
          closed = false;
        }
        if (depth == 0) return true;
        skip_space();
        const bool object = in_object[static_cast<std::size_t>(depth - 1)];
        if (at(',')) {
          ++p_;
          if (object && !member_key()) return false;
          break;
        }
        if (!at(object ? '}' : ']')) return false;
        closed = true;
      }
    }
  }

  // `"key" :` before an object's value.
  bool member_key() {
    skip_space();
    if (!at('"') || !string(text_) || !handler_.key(text_)) return false;
    skip_space();
    if (!at(':')) return false;
    ++p_;
    return true;
  }

  bool scalar() {
    switch (*p_) {
      case '"':
        return string(text_) && handler_.string(text_);
      case 't':
        return literal("true") && handler_.boolean(true);
      case 'f':
        return literal("false") && handler_.boolean(false);
      case 'n':
        return literal("null") && handler_.null();
      default:
        return number();
    }
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::string_view(p_, word.size()) != word)
      return false;
    p_ += word.size();
    return true;
  }

  // An integer without fraction or exponent, as nlohmann reports it: unsigned unless negative.
  bool number() {
    const char* start = p_;
    const bool negative = at('-');
    if (negative) ++p_;
    if (p_ == end_ || !digit(*p_)) return false;
    if (*p_ == '0') {
      ++p_;
    } else {
      while (p_ != end_ && digit(*p_)) ++p_;
    }
    if (at('.') || at('e') || at('E') || (p_ != end_ && digit(*p_))) return false;
    const char* first = start + (negative ? 1 : 0);
    if (static_cast<std::size_t>(p_ - first) > kMaxIntegerDigits) return false;
    std::uint64_t v = 0;
    for (const char* d = first; d != p_; ++d) v = v * 10 + static_cast<std::uint64_t>(*d - '0');
    if (negative) return handler_.number_integer(-static_cast<std::int64_t>(v));
    return handler_.number_unsigned(v);
  }

  // A string at p_ (at its opening quote) into `out`, escapes decoded; false if it is not valid
  // JSON: an unescaped control character, a bad escape, a lone surrogate, or bytes that are not
  // well-formed UTF-8 (the table of Unicode 3.9, as nlohmann checks them).
  bool string(std::string& out) {
    out.clear();
    ++p_;
    for (;;) {
      const char* run = p_;
      while (p_ != end_ && kPlain[static_cast<unsigned char>(*p_)]) ++p_;
      out.append(run, p_);
      if (p_ == end_) return false;
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c == '\\') {
        if (!escape(out)) return false;
      } else if (c < 0x20) {
        return false;
      } else if (!utf8_sequence(out)) {
        return false;
      }
    }
  }

  bool utf8_sequence(std::string& out) {
    const auto byte = [this](std::ptrdiff_t i) { return static_cast<unsigned char>(p_[i]); };
    const auto c = byte(0);
    std::ptrdiff_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (end_ - p_ < n) return false;
    if (byte(1) < lo || byte(1) > hi) return false;
    for (std::ptrdiff_t i = 2; i < n; ++i) {
      if (byte(i) < 0x80 || byte(i) > 0xBF) return false;
    }
    out.append(p_, p_ + n);
    p_ += n;
    return true;
  }

  bool hex4(std::uint32_t& v) {
    if (end_ - p_ < 4) return false;
    v = 0;
    for (int i = 0; i < 4; ++i, ++p_) {
      const char c = *p_;
      v <<= 4;
      if (c >= '0' && c <= '9') {
        v |= static_cast<std::uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        v |= static_cast<std::uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        v |= static_cast<std::uint32_t>(c - 'A' + 10);
      } else {
        return false;
      }
    }
    return true;
  }

  bool escape(std::string& out) {
    ++p_;  // the backslash
    if (p_ == end_) return false;
    const char c = *p_++;
    switch (c) {
      case '"':
        out += '"';
        return true;
      case '\\':
        out += '\\';
        return true;
      case '/':
        out += '/';
        return true;
      case 'b':
        out += '\b';
        return true;
      case 'f':
        out += '\f';
        return true;
      case 'n':
        out += '\n';
        return true;
      case 'r':
        out += '\r';
        return true;
      case 't':
        out += '\t';
        return true;
      case 'u':
        break;
      default:
        return false;
    }
    std::uint32_t cp = 0;
    if (!hex4(cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a low surrogate first
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      std::uint32_t low = 0;
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
      p_ += 2;
      if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(cp, out);
    return true;
  }

  static void append_utf8(std::uint32_t cp, std::string& out) {
    const auto b = [](std::uint32_t v) { return static_cast<char>(v); };
    if (cp < 0x80) {
      out += b(cp);
    } else if (cp < 0x800) {
      out += b(0xC0 | (cp >> 6));
      out += b(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += b(0xE0 | (cp >> 12));
      out += b(0x80 | ((cp >> 6) & 0x3F));
      out += b(0x80 | (cp & 0x3F));
    } else {
      out += b(0xF0 | (cp >> 18));
      out += b(0x80 | ((cp >> 12) & 0x3F));
      out += b(0x80 | ((cp >> 6) & 0x3F));
      out += b(0x80 | (cp & 0x3F));
    }
  }

  const char* p_;
  const char* end_;
  Handler& handler_;
  std::string text_;
  bool too_deep_ = false;
};

}  // namespace hymy::protocol
