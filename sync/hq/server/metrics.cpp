// Prometheus text rendering of HQ's metrics.
#include "server/metrics.hpp"

#include <sstream>

namespace hymy::hq {
namespace {

// Label values are escaped as the text format requires (backslash, quote, newline).
std::string label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

}  // namespace

void Metrics::observe_request(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  Histogram& h = latency_[route];
  ++h.count;
  h.sum += seconds;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++h.buckets[i];
      break;
    }
  }
}

void Metrics::count_batch(std::size_t accepted, std::size_t duplicate, std::size_t rejected) {
  std::lock_guard lock(mutex_);
  ++batches_;
  rows_accepted_ += accepted;
  rows_duplicate_ += duplicate;
  rows_rejected_ += rejected;
}

void Metrics::count_refused_batch(int status) {
  std::lock_guard lock(mutex_);
  ++refused_batches_[status];
}

std::string Metrics::render(const std::vector<DeviceRecord>& devices, std::int64_t now_ms) const {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  out << "# HELP hymy_hq_batches_total Upload batches processed (200 replies).\n"
         "# TYPE hymy_hq_batches_total counter\n"
      << "hymy_hq_batches_total " << batches_ << "\n";
  out << "# HELP hymy_hq_batches_refused_total Upload batches refused as a whole, by status.\n"
         "# TYPE hymy_hq_batches_refused_total counter\n";
  for (const auto& [status, n] : refused_batches_) {
    out << "hymy_hq_batches_refused_total{status=\"" << status << "\"} " << n << "\n";
  }
  out << "# HELP hymy_hq_rows_total Uploaded rows by outcome.\n"
         "# TYPE hymy_hq_rows_total counter\n"
      << "hymy_hq_rows_total{outcome=\"accepted\"} " << rows_accepted_ << "\n"
      << "hymy_hq_rows_total{outcome=\"duplicate\"} " << rows_duplicate_ << "\n"
      << "hymy_hq_rows_total{outcome=\"rejected\"} " << rows_rejected_ << "\n";
  out << "# HELP hymy_hq_http_requests_total HTTP requests by route and status.\n"
         "# TYPE hymy_hq_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    out << "hymy_hq_http_requests_total{route=\"" << label(key.first) << "\",status=\""
        << key.second << "\"} " << n << "\n";
  }
  out << "# HELP hymy_hq_request_duration_seconds Time to handle a request, by route.\n"
         "# TYPE hymy_hq_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += h.buckets[i];
      out << "hymy_hq_request_duration_seconds_bucket{route=\"" << label(route) << "\",le=\""
          << kBuckets[i] << "\"} " << cumulative << "\n";
    }
    out << "hymy_hq_request_duration_seconds_bucket{route=\"" << label(route)
        << "\",le=\"+Inf\"} " << h.count << "\n"
        << "hymy_hq_request_duration_seconds_sum{route=\"" << label(route) << "\"} " << h.sum
        << "\n"
        << "hymy_hq_request_duration_seconds_count{route=\"" << label(route) << "\"} " << h.count
        << "\n";
  }
  out << "# HELP hymy_hq_device_last_seen_age_seconds Seconds since each enrolled, unrevoked "
         "device last called HQ (absent: never).\n"
         "# TYPE hymy_hq_device_last_seen_age_seconds gauge\n";
  for (const DeviceRecord& d : devices) {
    if (d.revoked || !d.last_seen_ms) continue;
    out << "hymy_hq_device_last_seen_age_seconds{device=\"" << label(d.id) << "\",unit=\""
        << label(d.unit_id) << "\"} " << static_cast<double>(now_ms - *d.last_seen_ms) / 1000.0
        << "\n";
  }
  return out.str();
}

}  // namespace hymy::hq
