// The staff PIN, kept only as a salted slow hash: PBKDF2-HMAC-SHA256 with a random 16-byte salt,
// written as "pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>". The iteration count travels in
// the string, so it can be raised later without invalidating stored PINs.
#pragma once

#include <string>

namespace hymy::kiosk {

// About 90-100 ms per check on the development machine (hymy-kiosk-pin-bench; see kiosk/README.md):
// slow enough that guessing offline is costly, quick enough for one short wait after "OK". The
// check runs on the staff storage thread, so the UI keeps drawing meanwhile.
inline constexpr int kPinIterations = 400'000;

// "" if `pin` is 4..8 digits, else what is wrong (for config errors and the set-PIN screen).
std::string check_pin_format(const std::string& pin);

// Throws std::runtime_error if the random source or OpenSSL fails.
std::string hash_pin(const std::string& pin, int iterations = kPinIterations);
// Constant-time comparison of the derived key; false for a malformed stored string.
bool verify_pin(const std::string& pin, const std::string& stored);

}  // namespace hymy::kiosk
