// PBKDF2-HMAC-SHA256 with OpenSSL.
#include "auth/password_hash.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <charconv>
#include <stdexcept>
#include <vector>

#include "auth/token.hpp"

namespace hymy::hq {
namespace {

constexpr std::string_view kScheme = "pbkdf2-sha256";
constexpr std::size_t kHashBytes = 32;

std::string to_hex(const unsigned char* data, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 0x0f]);
  }
  return out;
}

std::string derive(std::string_view password, const std::string& salt_hex, int iterations) {
  std::array<unsigned char, kHashBytes> out{};
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(salt_hex.data()),
                        static_cast<int>(salt_hex.size()), iterations, EVP_sha256(),
                        static_cast<int>(out.size()), out.data()) != 1) {
    throw std::runtime_error("PBKDF2 failed in OpenSSL");
  }
  return to_hex(out.data(), out.size());
}

}  // namespace

std::string hash_password(std::string_view password, int iterations) {
  if (password.size() < kMinPasswordChars) {
    throw std::invalid_argument("password: expected at least " +
                                std::to_string(kMinPasswordChars) + " characters, found " +
                                std::to_string(password.size()));
  }
  if (iterations < 1) throw std::invalid_argument("password hash: iterations must be positive");
  std::array<unsigned char, 16> salt{};
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
    throw std::runtime_error("cannot make a salt: OpenSSL's random generator failed");
  }
  const std::string salt_hex = to_hex(salt.data(), salt.size());
  return std::string(kScheme) + "$" + std::to_string(iterations) + "$" + salt_hex + "$" +
         derive(password, salt_hex, iterations);
}

bool verify_password(std::string_view password, const std::string& stored_hash) {
  // scheme $ iterations $ salt $ hash
  std::vector<std::string_view> parts;
  std::string_view rest = stored_hash;
  for (std::size_t pos; (pos = rest.find('$')) != std::string_view::npos;) {
    parts.push_back(rest.substr(0, pos));
    rest.remove_prefix(pos + 1);
  }
  parts.push_back(rest);
  if (parts.size() != 4 || parts[0] != kScheme) return false;
  int iterations = 0;
  const auto [end, ec] = std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), iterations);
  if (ec != std::errc() || end != parts[1].data() + parts[1].size() || iterations < 1 ||
      iterations > 10'000'000) {
    return false;
  }
  return constant_time_equal(derive(password, std::string(parts[2]), iterations), parts[3]);
}

}  // namespace hymy::hq
