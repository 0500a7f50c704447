// Whose request is it? Behind a reverse proxy every request comes from the proxy's address, so
// sign-in throttling and logs would see one client. `client_address` believes what a proxy says
// about its client only when the TCP peer is one of the operator's trusted proxies.
#pragma once

#include <array>
#include <string>
#include <vector>

#include <httplib.h>

namespace hymy::hq {

// The operator's reverse proxies as CIDR blocks ("10.0.0.0/8", "::1/128", or a bare address for
// one host), IPv4 and IPv6. IPv4-mapped IPv6 addresses count as their IPv4 address.
class TrustedProxies {
 public:
  TrustedProxies() = default;
  // Throws std::invalid_argument naming the first bad entry and what was wrong with it.
  static TrustedProxies parse(const std::vector<std::string>& cidrs);

  bool empty() const { return blocks_.empty(); }
  // False for anything that is not an IP address.
  bool contains(const std::string& address) const;

 private:
  struct Block {
    bool v6 = false;
    std::array<unsigned char, 16> bytes{};
    int prefix = 0;
  };
  std::vector<Block> blocks_;
};

// The client's address: req.remote_addr, unless that is a trusted proxy; then the rightmost hop of
// X-Forwarded-For that is not itself a trusted proxy. Each proxy appends its peer to that header,
// so the hops to the right of the first untrusted one were written by our own proxies and the
// ones to its left by whoever sent the request (forgeable). Only X-Forwarded-For is read: a proxy
// that sets X-Forwarded-For usually passes a client's own `Forwarded` header through untouched,
// so reading that one would let any client choose its address. A malformed hop ends the walk at
// the nearest trusted hop, i.e. the proxy that wrote it.
std::string client_address(const httplib::Request& req, const TrustedProxies& trusted);

}  // namespace hymy::hq
