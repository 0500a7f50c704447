// One HTTP exchange on a fresh connection from a chosen loopback address (127.0.0.2, ...), the
// way a client elsewhere on the network would arrive: HQ sees that address as the peer.
#pragma once

#include <string>

namespace hymy::hostile_test {

// Sends `request` (complete, with "Connection: close") from `source` to 127.0.0.1:`port` and
// returns everything HQ answered until it closed (at most 10 s). Throws naming what failed.
std::string exchange_from(const std::string& source, int port, const std::string& request);

// The status of a reply's first line, or 0 when it is not an HTTP reply.
int status_of(const std::string& reply);

}  // namespace hymy::hostile_test
