// Bearer tokens (device tokens, session cookies): 256 random bits, stored only as a SHA-256 hash.
// A fast hash is right here because a token has 256 bits of entropy; passwords do not, see
// password_hash.hpp.
#pragma once

#include <string>
#include <string_view>

namespace hymy::hq {

// 64 lower-case hex digits from OpenSSL's CSPRNG; throws std::runtime_error if it fails.
std::string new_token();
// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);
// Compares in time independent of where the strings differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace hymy::hq
