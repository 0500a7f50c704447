// The simulated tablets of the load test: each has its own enrolled token and uploads realistic
// gzip batches (ratings skewed towards the happy faces, some comments, some re-sends of a batch
// already acknowledged, and re-sends of any batch not acknowledged) over libcurl's multi
// interface, one event loop for all of them. It records what HQ acknowledged, latencies and
// errors by kind.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace hymy::hq::load {

struct FleetOptions {
  std::string base_url;               // http://127.0.0.1:PORT
  std::vector<std::string> tokens;    // one per tablet
  std::chrono::seconds duration{10};  // new uploads start until then
  std::chrono::milliseconds mean_interval{1000};  // a tablet's pause between uploads
  int max_rows = 40;                  // rows per batch: 1..max_rows, mostly few
  double resend_fraction = 0.05;      // uploads that re-send an acknowledged batch
  std::chrono::seconds request_timeout{60};
  std::uint64_t seed = 1;
};

struct FleetResult {
  double seconds = 0;            // first upload to last reply
  std::int64_t batches = 0;      // replies with status 200
  std::int64_t resends = 0;      // of those, re-sends of an acknowledged batch
  std::int64_t answers_accepted = 0;
  std::vector<double> latencies_ms;       // every completed request
  std::map<std::string, std::int64_t> errors;  // by kind: "HTTP 503", "curl: Timeout ...", ...
  std::set<std::string> acknowledged;     // ids HQ answered accepted or duplicate
  std::set<std::string> unacknowledged;   // sent, never acknowledged (e.g. cut off at the end)
  std::int64_t accepted_twice = 0;        // an id answered "accepted" more than once
};

FleetResult run_fleet(const FleetOptions& options);

}  // namespace hymy::hq::load
