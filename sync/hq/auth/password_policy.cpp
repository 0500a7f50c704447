#include "auth/password_policy.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <filesystem>
#include <mutex>
#include <stdexcept>

extern "C" {
#include <crack.h>
}

namespace hymy::hq {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Counts UTF-8 code points, so "ääkköset" is not counted twice as long as it looks.
std::size_t characters(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// The password without the digits and symbols around it: "sunshine2024!" -> "sunshine".
std::string core_word(std::string_view s) {
  const auto letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
  const auto first = std::find_if(s.begin(), s.end(), letter);
  const auto last = std::find_if(s.rbegin(), s.rend(), letter).base();
  return first < last ? std::string(first, last) : std::string();
}

}  // namespace

std::optional<std::string> password_problem(std::string_view password, std::string_view user_name) {
  if (characters(password) < kPolicyMinPasswordChars) {
    return "at least " + std::to_string(kPolicyMinPasswordChars) + " characters";
  }
  if (password.find('\0') != std::string_view::npos) return "it contains a NUL character";
  if (!user_name.empty() && lower(password).find(lower(user_name)) != std::string::npos) {
    return "it contains the user name";
  }
  const std::string dictionary = GetDefaultCracklibDict();
  // cracklib reads <dictionary>.pwd/.pwi/.hwm; check first, since FascistCheck misbehaves without them.
  if (!std::filesystem::exists(dictionary + ".pwd")) {
    throw std::runtime_error("password dictionary " + dictionary +
                             ".pwd is missing (install cracklib-runtime); no password can be checked");
  }
  static std::mutex cracklib_mutex;  // FascistCheck keeps static state
  const std::lock_guard lock(cracklib_mutex);
  const std::string pw(password);
  if (const char* why = FascistCheck(pw.c_str(), dictionary.c_str())) return std::string(why);
  // cracklib accepts a dictionary word padded to length with digits ("password1234"); check the word.
  const std::string core = core_word(password);
  if (core != pw && !core.empty()) {
    const char* why = FascistCheck(core.c_str(), dictionary.c_str());
    if (why != nullptr && std::string_view(why).find("dictionary") != std::string_view::npos) {
      return "it is a dictionary word with digits or symbols added";
    }
  }
  return std::nullopt;
}

}  // namespace hymy::hq
