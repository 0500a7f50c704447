// The address people and proxies use to reach HQ (`--public-url`), which may differ from what HQ
// listens on: behind a TLS-terminating proxy it is https even though HQ itself speaks HTTP, and
// that decides whether cookies are marked Secure.
#pragma once

#include <string>

namespace hymy::hq {

struct PublicUrl {
  std::string scheme;  // "http" or "https"
  std::string host;    // as written, e.g. "hq.example.fi" or "[2001:db8::1]"
  std::string port;    // "" when the scheme's default
  std::string path;    // "" or starting with '/', without a trailing '/'

  bool https() const { return scheme == "https"; }
  // scheme://host[:port][path], e.g. for absolute links.
  std::string origin_and_path() const;

  // Accepts http(s)://host[:port][/path]; throws std::invalid_argument naming --public-url and
  // what was wrong (scheme, missing host, user info, port, query or fragment).
  static PublicUrl parse(const std::string& text);
};

}  // namespace hymy::hq
