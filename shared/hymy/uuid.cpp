#include "hymy/uuid.hpp"

#include <sys/random.h>

#include <array>
#include <cstdio>
#include <mutex>
#include <stdexcept>

#include "hymy/clock.hpp"

namespace hymy {
namespace {

void fill_random(std::uint8_t* out, std::size_t n) {
  while (n > 0) {
    const ssize_t got = getrandom(out, n, 0);
    if (got < 0) throw std::runtime_error("getrandom failed");
    out += got;
    n -= static_cast<std::size_t>(got);
  }
}

std::string format(const std::array<std::uint8_t, 16>& b) {
  char s[37];
  std::snprintf(s, sizeof s,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return s;
}

std::array<std::uint8_t, 16> make(std::int64_t unix_ms, std::uint16_t rand_a) {
  std::array<std::uint8_t, 16> b{};
  fill_random(b.data() + 8, 8);
  const auto ms = static_cast<std::uint64_t>(unix_ms);
  for (int i = 0; i < 6; ++i) b[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
  b[6] = static_cast<std::uint8_t>(0x70 | ((rand_a >> 8) & 0x0f));
  b[7] = static_cast<std::uint8_t>(rand_a & 0xff);
  b[8] = static_cast<std::uint8_t>(0x80 | (b[8] & 0x3f));
  return b;
}

}  // namespace

std::string uuid_v7_at(std::int64_t unix_ms) {
  std::uint8_t r[2];
  fill_random(r, 2);
  return format(make(unix_ms, static_cast<std::uint16_t>((r[0] << 8 | r[1]) & 0x0fff)));
}

std::string new_uuid_v7() {
  // RFC 9562 method 1: a 12-bit counter in rand_a keeps ids monotonic within one millisecond; if
  // the clock goes back we keep counting from the last timestamp rather than reusing it.
  static std::mutex mutex;
  static std::int64_t last_ms = 0;
  static std::uint16_t counter = 0;
  std::lock_guard lock(mutex);
  std::int64_t ms = now_ms();
  if (ms <= last_ms) {
    ms = last_ms;
    if (++counter > 0x0fff) {
      ++ms;
      counter = 0;
    }
  } else {
    std::uint8_t r[1];
    fill_random(r, 1);
    counter = static_cast<std::uint16_t>(r[0] & 0x7f);  // leave room to count up
  }
  last_ms = ms;
  return format(make(ms, counter));
}

bool is_uuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

std::int64_t uuid_v7_time_ms(const std::string& uuid) {
  if (!is_uuid(uuid)) throw std::invalid_argument("not a UUID: " + uuid);
  std::int64_t ms = 0;
  for (char c : uuid.substr(0, 8) + uuid.substr(9, 4)) {
    ms = ms * 16 + (c <= '9' ? c - '0' : c - 'a' + 10);
  }
  return ms;
}

}  // namespace hymy
