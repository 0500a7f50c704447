// What HQ asks of a new dashboard password (OWASP): at least kPolicyMinPasswordChars characters,
// not guessable from cracklib's dictionary of common passwords, and not containing the user name.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hymy::hq {

constexpr std::size_t kPolicyMinPasswordChars = 12;

// Nothing when the password is acceptable, otherwise a plain-language reason such as
// "at least 12 characters" or "it is based on a dictionary word".
// Throws std::runtime_error naming the path when cracklib's dictionary is not installed: without
// it nothing can be checked, so no password is accepted (fail closed).
std::optional<std::string> password_problem(std::string_view password, std::string_view user_name);

}  // namespace hymy::hq
