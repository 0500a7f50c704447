// Password hashing for dashboard users: PBKDF2-HMAC-SHA256 with a random 16-byte salt, stored as
// "pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>". Deliberately slow (kPasswordIterations),
// since a password has little entropy and the hash must resist guessing if the database leaks.
#pragma once

#include <string>
#include <string_view>

namespace hymy::hq {

constexpr int kPasswordIterations = 310'000;  // OWASP's figure for PBKDF2-HMAC-SHA256
constexpr std::size_t kMinPasswordChars = 10;

// Throws std::invalid_argument when the password is shorter than kMinPasswordChars bytes.
std::string hash_password(std::string_view password, int iterations = kPasswordIterations);
// False for a wrong password and for a stored hash in an unknown or malformed format.
bool verify_password(std::string_view password, const std::string& stored_hash);

}  // namespace hymy::hq
