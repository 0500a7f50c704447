// E-mail addresses, also as people write them to dodge spam harvesters or when they leave the
// domain short: "matti@example.fi", "matti(at)example.fi", "matti [at] example dot fi",
// "matti at example.fi", "matti@gmail".
#include <array>
#include <string_view>

#include "hymy/personal_data_scan.hpp"

namespace hymy::mask {
namespace {

constexpr std::size_t kMaxLocal = 64;    // RFC 5321
constexpr std::size_t kMaxDomain = 253;  // RFC 1035, as text

bool is_domain_char(char c) {
  return is_ascii_alnum(c) || static_cast<unsigned char>(c) >= 0x80u || c == '-';
}

enum class AtForm {
  symbol,     // '@': an address even with a one-label domain ("matti@gmail")
  bracketed,  // "(at)", "[at]", "{at}", spaced or not: as unambiguous as '@'
  word,       // " at ": also plain English, so the domain must look like a real one
};

struct At {
  AtForm form;
  std::size_t end;
};

// The "at" between local part and domain, starting at p.
std::optional<At> at_sign(const ScanText& t, std::size_t p) {
  if (t.at(p) == '@') return At{AtForm::symbol, p + 1};
  std::size_t q = p;
  const bool space = t.at(q) == ' ';
  if (space) ++q;
  for (const std::string_view word : {"(at)", "[at]", "{at}"}) {
    if (t.starts_with(q, word)) {
      q += word.size();
      if (space && t.at(q) == ' ') ++q;
      return At{AtForm::bracketed, q};
    }
  }
  if (space && t.at(q) == 'a' && t.at(q + 1) == 't' && t.at(q + 2) == ' ') {
    return At{AtForm::word, q + 3};
  }
  return std::nullopt;
}

// Length of the "dot" between two domain labels at p: '.', "(dot)", "[dot]", " dot ", or 0.
std::size_t dot_at(const ScanText& t, std::size_t p) {
  if (t.at(p) == '.') return 1;
  std::size_t q = p;
  const bool space = t.at(q) == ' ';
  if (space) ++q;
  for (const std::string_view word : {"(dot)", "[dot]", "{dot}"}) {
    if (t.starts_with(q, word)) {
      q += word.size();
      if (space && t.at(q) == ' ') ++q;
      return q - p;
    }
  }
  if (space && t.starts_with(q, "dot ")) return q + 4 - p;
  return 0;
}

// Top-level domains accepted after a plain " at ": the ones visitors here use. "Look at hymy.so"
// is rare; "we waited at reception.The nurse" is not, and must stay.
bool is_common_tld(const ScanText& t, std::size_t start, std::size_t len) {
  static constexpr std::array<std::string_view, 16> kTlds = {
      "fi", "se", "ax", "ee", "no", "dk", "de", "eu", "uk", "com", "net", "org", "info", "io",
      "nu", "me"};
  for (const std::string_view tld : kTlds) {
    if (tld.size() == len && t.starts_with(start, tld)) {
      for (std::size_t k = 0; k < len; ++k) {
        if (t[start + k] < 'a' || t[start + k] > 'z') return false;  // lower case only
      }
      return true;
    }
  }
  return false;
}

// English words that stand before " at " in ordinary sentences ("look at www.kela.fi").
bool is_english_word_before_at(const ScanText& t, std::size_t start, std::size_t len) {
  static constexpr std::array<std::string_view, 16> kWords = {
      "look", "looked", "see", "us", "me", "them", "him", "her", "it", "is", "was", "are",
      "be", "online", "available", "arrived"};
  for (const std::string_view w : kWords) {
    if (w.size() == len && t.starts_with(start, w)) return true;
  }
  return false;
}

}  // namespace

bool is_email_local_char(char c) {
  // Bytes of non-ASCII characters count as letters: "käyttäjä@esimerkki.fi" is an address too.
  return is_ascii_alnum(c) || static_cast<unsigned char>(c) >= 0x80u || c == '.' || c == '_' ||
         c == '%' || c == '+' || c == '-' || c == '\'';
}

// The local part starts at i; the caller checks that the byte before it is no local part byte.
std::optional<std::size_t> match_email(const ScanText& t, std::size_t i) {
  std::size_t local_end = i;
  while (local_end < t.size() && is_email_local_char(t[local_end])) {
    if (local_end - i >= kMaxLocal) return std::nullopt;
    ++local_end;
  }
  if (local_end == i) return std::nullopt;
  const auto at = at_sign(t, local_end);
  if (!at) return std::nullopt;
  if (at->form == AtForm::word && is_english_word_before_at(t, i, local_end - i)) {
    return std::nullopt;
  }

  // Labels joined by dots. The address ends after the last whole label; a trailing dot ends the
  // sentence, not the address.
  const std::size_t domain_start = at->end;
  std::size_t end = domain_start;
  std::size_t labels = 0;
  std::size_t last_label = domain_start;
  std::size_t last_label_letters = 0;  // ASCII letters the last label starts with
  std::size_t p = domain_start;
  while (p - domain_start < kMaxDomain) {
    std::size_t q = p;
    while (q - domain_start < kMaxDomain && is_domain_char(t.at(q))) ++q;
    if (q == p) break;
    ++labels;
    last_label = p;
    last_label_letters = 0;
    while (last_label_letters < q - p && is_ascii_alpha(t.at(p + last_label_letters))) {
      ++last_label_letters;
    }
    end = q;
    const std::size_t dot = dot_at(t, q);
    if (dot == 0 || !is_domain_char(t.at(q + dot))) break;
    p = q + dot;
  }
  if (labels == 0) return std::nullopt;
  if (labels == 1) {
    // "matti@gmail": an address with its domain cut short; "me at home" is not one.
    if (at->form == AtForm::word || end - domain_start < 2) return std::nullopt;
    return end;
  }
  // The address ends where the top-level domain stops being letters, so one glued to a number,
  // "matti@example.fi0401234567", is still masked (and the number after it too).
  if (last_label_letters >= 2) end = last_label + last_label_letters;
  if (at->form == AtForm::word) {
    if (last_label_letters < 2 || !is_common_tld(t, last_label, last_label_letters)) {
      return std::nullopt;
    }
    if (t.starts_with(domain_start, "www")) return std::nullopt;  // a web site, not a mailbox
  }
  return end;
}

}  // namespace hymy::mask
