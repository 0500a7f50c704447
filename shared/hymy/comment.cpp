// Cleaning of free-text comments: strict UTF-8 checks, control-character and whitespace cleanup,
// then masking of personal data (personal_data.cpp). Comments come from anyone at a kiosk and are
// re-checked at HQ, so everything here is a hand-written scanner that is linear in the input: no
// std::regex, whose backtracking can take exponential time on hostile text.
#include "hymy/comment.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hymy/model.hpp"

namespace hymy {
namespace {

// ---------------------------------------------------------------------------------------------
// UTF-8

struct Decoded {
  char32_t cp = 0;
  std::size_t size = 0;  // 0: invalid or truncated sequence
};

unsigned byte_at(std::string_view s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

bool is_continuation(unsigned b) { return (b & 0xC0u) == 0x80u; }

// Decodes one code point at s[i] following RFC 3629 table 3-7: overlong forms, UTF-16 surrogates
// and anything above U+10FFFF are invalid, as is a sequence cut short by the end of the text.
Decoded decode_at(std::string_view s, std::size_t i) {
  const unsigned b0 = byte_at(s, i);
  if (b0 < 0x80u) return {static_cast<char32_t>(b0), 1};

  std::size_t size = 0;
  unsigned lo = 0x80u;  // allowed range of the second byte
  unsigned hi = 0xBFu;
  char32_t cp = 0;
  if (b0 >= 0xC2u && b0 <= 0xDFu) {
    size = 2;
    cp = b0 & 0x1Fu;
  } else if (b0 >= 0xE0u && b0 <= 0xEFu) {
    size = 3;
    cp = b0 & 0x0Fu;
    if (b0 == 0xE0u) lo = 0xA0u;  // overlong below U+0800
    if (b0 == 0xEDu) hi = 0x9Fu;  // U+D800..U+DFFF are surrogates
  } else if (b0 >= 0xF0u && b0 <= 0xF4u) {
    size = 4;
    cp = b0 & 0x07u;
    if (b0 == 0xF0u) lo = 0x90u;  // overlong below U+10000
    if (b0 == 0xF4u) hi = 0x8Fu;  // above U+10FFFF
  } else {
    return {};  // a stray continuation byte, C0/C1 (always overlong), or F5..FF
  }
  if (s.size() - i < size) return {};
  const unsigned b1 = byte_at(s, i + 1);
  if (b1 < lo || b1 > hi) return {};
  cp = (cp << 6) | (b1 & 0x3Fu);
  for (std::size_t k = 2; k < size; ++k) {
    const unsigned b = byte_at(s, i + k);
    if (!is_continuation(b)) return {};
    cp = (cp << 6) | (b & 0x3Fu);
  }
  return {cp, size};
}

// Offset of the first byte of the first invalid sequence, or none if `s` is valid.
std::optional<std::size_t> first_invalid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const Decoded d = decode_at(s, i);
    if (d.size == 0) return i;
    i += d.size;
  }
  return std::nullopt;
}

void append_utf8(std::string& out, std::string_view s, std::size_t i, std::size_t size) {
  out.append(s.substr(i, size));
}

// ---------------------------------------------------------------------------------------------
// Cleaning

bool is_space_like(char32_t c) {
  // Tab, LF, VT, FF, CR, space, NEL, no-break space and the other Unicode spaces and line/paragraph
  // separators: all become one ordinary space, so a comment reads as one line on every screen.
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

bool is_removed(char32_t c) {
  // C0 and C1 controls and DEL carry no text. Bidirectional embeddings, overrides and isolates can
  // reorder how the rest of a dashboard line is displayed, and zero-width spaces/BOMs can hide text
  // from the masking below, so they go too. Joiners (U+200C/U+200D) stay: emoji sequences need
  // them.
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x200B || c == 0xFEFF ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

std::string hex_byte(unsigned b) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  return std::string{'0', 'x', kHex[(b >> 4) & 0xFu], kHex[b & 0xFu]};
}

}  // namespace

bool is_valid_utf8(std::string_view s) { return !first_invalid_utf8(s).has_value(); }

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) {
    if (!is_continuation(static_cast<unsigned char>(c))) ++n;
  }
  return n;
}

CleanComment clean_comment(std::string_view raw) {
  CleanComment result;
  if (const auto bad = first_invalid_utf8(raw)) {
    result.error = "comment is not valid UTF-8: invalid or truncated sequence at byte " +
                   std::to_string(*bad) + " (" + hex_byte(byte_at(raw, *bad)) + ")";
    return result;
  }
  // The limit applies to what the visitor typed, before cleaning, so the kiosk's counter and this
  // check agree.
  const std::size_t length = utf8_length(raw);
  if (length > kMaxCommentChars) {
    result.error = "comment is too long: " + std::to_string(length) + " characters, at most " +
                   std::to_string(kMaxCommentChars) + " allowed";
    return result;
  }

  std::string cleaned;
  cleaned.reserve(raw.size());
  bool pending_space = false;
  std::size_t i = 0;
  while (i < raw.size()) {
    const Decoded d = decode_at(raw, i);  // valid: checked above
    if (is_space_like(d.cp)) {
      pending_space = true;
    } else if (!is_removed(d.cp)) {
      if (pending_space && !cleaned.empty()) cleaned.push_back(' ');
      pending_space = false;
      append_utf8(cleaned, raw, i, d.size);
    }
    i += d.size;
  }

  std::string masked = mask_personal_data(cleaned);
  // A placeholder is never longer than what it replaces except for the shortest e-mail addresses
  // ("a@b.fi" -> "[email]"); the stored text must still respect the limit, so that HQ's second
  // cleaning of the same text gives the same answer.
  const std::size_t masked_length = utf8_length(masked);
  if (masked_length > kMaxCommentChars) {
    result.error = "comment is too long after masking personal data: " +
                   std::to_string(masked_length) + " characters, at most " +
                   std::to_string(kMaxCommentChars) + " allowed";
    return result;
  }
  if (!masked.empty()) result.text = std::move(masked);
  return result;
}

}  // namespace hymy
