// PBKDF2 PIN hashing over OpenSSL (see pin_hash.hpp).
#include "storage/pin_hash.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <vector>

namespace hymy::kiosk {
namespace {

constexpr const char* kScheme = "pbkdf2-sha256";
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kKeyBytes = 32;

std::string to_hex(const unsigned char* p, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    s += digits[p[i] >> 4];
    s += digits[p[i] & 15];
  }
  return s;
}

bool from_hex(const std::string& s, std::vector<unsigned char>& out) {
  if (s.size() % 2 != 0) return false;
  const auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  out.clear();
  for (std::size_t i = 0; i < s.size(); i += 2) {
    const int hi = nibble(s[i]), lo = nibble(s[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<unsigned char>(hi * 16 + lo));
  }
  return true;
}

std::array<unsigned char, kKeyBytes> derive(const std::string& pin, const std::vector<unsigned char>& salt,
                                            int iterations) {
  std::array<unsigned char, kKeyBytes> key{};
  if (PKCS5_PBKDF2_HMAC(pin.data(), static_cast<int>(pin.size()), salt.data(), static_cast<int>(salt.size()),
                        iterations, EVP_sha256(), static_cast<int>(key.size()), key.data()) != 1)
    throw std::runtime_error("PBKDF2 failed in OpenSSL");
  return key;
}

}  // namespace

std::string check_pin_format(const std::string& pin) {
  if (pin.size() < 4 || pin.size() > 8 || !std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return "expected a PIN of 4 to 8 digits, found " + std::to_string(pin.size()) + " characters" +
           (std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; }) ? "" : " (not all digits)");
  return "";
}

std::string hash_pin(const std::string& pin, int iterations) {
  if (iterations < 1) throw std::invalid_argument("PIN hash: iterations must be positive");
  std::vector<unsigned char> salt(kSaltBytes);
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1)
    throw std::runtime_error("no random bytes from OpenSSL for the PIN's salt");
  const auto key = derive(pin, salt, iterations);
  return std::string(kScheme) + "$" + std::to_string(iterations) + "$" + to_hex(salt.data(), salt.size()) + "$" +
         to_hex(key.data(), key.size());
}

bool verify_pin(const std::string& pin, const std::string& stored) {
  // scheme$iterations$salt$hash
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const auto end = stored.find('$', start);
    parts.push_back(stored.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  if (parts.size() != 4 || parts[0] != kScheme) return false;
  int iterations = 0;
  try {
    std::size_t used = 0;
    iterations = std::stoi(parts[1], &used);
    if (used != parts[1].size()) return false;
  } catch (const std::exception&) {
    return false;
  }
  // A stored count far beyond ours would stall the UI thread's partner for minutes: refuse it.
  if (iterations < 1 || iterations > 50'000'000) return false;
  std::vector<unsigned char> salt, expected;
  if (!from_hex(parts[2], salt) || !from_hex(parts[3], expected) || salt.empty() || expected.size() != kKeyBytes)
    return false;
  const auto key = derive(pin, salt, iterations);
  return CRYPTO_memcmp(key.data(), expected.data(), kKeyBytes) == 0;
}

}  // namespace hymy::kiosk
