// Parsing --public-url: small enough by hand, strict enough that a typo is an error at start-up.
#include "server/public_url.hpp"

#include <charconv>
#include <stdexcept>

namespace hymy::hq {
namespace {

[[noreturn]] void refuse(const std::string& text, const std::string& why) {
  throw std::invalid_argument("--public-url \"" + text + "\": " + why +
                              " (expected e.g. https://hq.example.fi or https://example.fi/hymy)");
}

}  // namespace

std::string PublicUrl::origin_and_path() const {
  return scheme + "://" + host + (port.empty() ? "" : ":" + port) + path;
}

PublicUrl PublicUrl::parse(const std::string& text) {
  PublicUrl url;
  const auto sep = text.find("://");
  if (sep == std::string::npos) refuse(text, "no scheme");
  url.scheme = text.substr(0, sep);
  if (url.scheme != "http" && url.scheme != "https") refuse(text, "the scheme must be http or https");
  if (text.find_first_of("?#") != std::string::npos) refuse(text, "a query or fragment is not allowed");
  if (text.find_first_of(" \t\r\n\"<>\\") != std::string::npos) refuse(text, "spaces, quotes and backslashes are not allowed");
  const std::string rest = text.substr(sep + 3);
  const auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  url.path = slash == std::string::npos ? "" : rest.substr(slash);
  while (!url.path.empty() && url.path.back() == '/') url.path.pop_back();
  if (authority.find('@') != std::string::npos) refuse(text, "user info is not allowed");
  // The port follows the last ':' outside an IPv6 literal's brackets.
  const auto close = authority.rfind(']');
  const auto colon = authority.rfind(':');
  if (colon != std::string::npos && (close == std::string::npos || colon > close)) {
    url.port = authority.substr(colon + 1);
    authority = authority.substr(0, colon);
    int port = 0;
    const auto [end, ec] = std::from_chars(url.port.data(), url.port.data() + url.port.size(), port);
    if (url.port.empty() || ec != std::errc() || end != url.port.data() + url.port.size() || port < 1 || port > 65535) {
      refuse(text, "the port must be 1..65535");
    }
  }
  if (authority.empty()) refuse(text, "no host");
  if (authority.front() == '[' ? authority.back() != ']' : authority.find_first_of("[]:") != std::string::npos) {
    refuse(text, "an IPv6 host must be in brackets");
  }
  url.host = authority;
  return url;
}

}  // namespace hymy::hq
