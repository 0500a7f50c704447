// Counters and a latency histogram for /metrics, rendered in the Prometheus text format (0.0.4).
// Route labels are the names given at registration, never request paths, so the number of
// series stays fixed whatever clients send.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "store/hq_store.hpp"

namespace hymy::hq {

class Metrics {
 public:
  static constexpr std::array<double, 11> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  2.5};

  void observe_request(const std::string& route, int status, double seconds);
  // One processed batch (status 200) and how its rows went.
  void count_batch(std::size_t accepted, std::size_t duplicate, std::size_t rejected);
  // A batch refused as a whole (400, 401, 413, ...), by status.
  void count_refused_batch(int status);

  // The whole exposition; devices give the per-device last-seen age at `now_ms`.
  std::string render(const std::vector<DeviceRecord>& devices, std::int64_t now_ms) const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};  // non-cumulative counts
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;  // (route, status)
  std::map<std::string, Histogram> latency_;                       // by route
  std::uint64_t batches_ = 0;
  std::map<int, std::uint64_t> refused_batches_;
  std::uint64_t rows_accepted_ = 0;
  std::uint64_t rows_duplicate_ = 0;
  std::uint64_t rows_rejected_ = 0;
};

}  // namespace hymy::hq
