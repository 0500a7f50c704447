// Many hostile connections from one thread (epoll): "slow" ones trickle a request's headers one
// byte at a time and never finish them; "flood" ones send endless 1 KB header lines as fast as
// HQ takes them. A connection HQ closes is opened again at once, as an attacker would, so the
// load is held for the whole run. Connections come from several loopback addresses
// (127.0.0.2, 127.0.0.3, ...) the way many clients would.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <string>

namespace hymy::hostile_test {

struct SwarmPlan {
  int port = 0;
  std::size_t slow = 0;
  std::size_t flood = 0;
  std::size_t source_addresses = 8;       // 127.0.0.2 .. 127.0.0.(1+n)
  std::chrono::milliseconds slow_interval{4000};  // between two bytes of a slow connection
  std::chrono::seconds duration{15};
};

struct SwarmResult {
  std::size_t connects = 0;          // successful connects, re-opens included
  std::size_t connect_failures = 0;
  std::size_t closed_by_server = 0;
  std::size_t bytes_sent = 0;
  std::map<int, std::size_t> statuses;  // status of each reply HQ sent before closing
  std::size_t peak_open = 0;
};

// Runs the plan to its end; the calling thread is the swarm's.
SwarmResult run_swarm(const SwarmPlan& plan);

std::string describe(const SwarmResult& r);

}  // namespace hymy::hostile_test
