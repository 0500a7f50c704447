// Small UTF-8 editing helpers for the comment draft: count code points, drop the last one, and
// append without going over the limit. Typed text comes from our own keyboards, but a physical
// keyboard can deliver anything, so invalid sequences are refused rather than stored.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hymy::kiosk {

std::size_t utf8_count(std::string_view s);
void utf8_pop_back(std::string& s);
// Appends the valid code points of `add` while `s` stays within `max_chars`; returns how many
// code points were appended.
std::size_t utf8_append_limited(std::string& s, std::string_view add, std::size_t max_chars);
std::string utf8_encode(char32_t cp);
// Upper case for the letters a keyboard layout offers (ASCII and Latin-1, e.g. å -> Å).
std::string utf8_upper(std::string_view s);

}  // namespace hymy::kiosk

namespace hymy::kiosk {
// The code points of valid UTF-8 (invalid bytes are skipped).
std::u32string utf8_decode(std::string_view s);
}  // namespace hymy::kiosk
