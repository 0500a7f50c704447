// A small HTTPS client over libcurl for talking to HQ: one reused connection, every option
// checked, timeouts, a cap on the reply size, TLS verification always on, optional key pinning.
// A failed request is an outcome (HttpReply::error), not an exception: the network is expected to
// fail.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hymy::sync {

struct HttpOptions {
  std::string base_url;  // "https://hq.example.org"; paths are appended
  std::string ca_bundle;
  std::vector<std::string> pinned_public_keys;
  std::int64_t connect_timeout_ms = 10'000;
  std::int64_t total_timeout_ms = 60'000;
  std::int64_t low_speed_bytes_per_second = 100;
  std::int64_t low_speed_seconds = 30;
  std::size_t max_response_bytes = 4 << 20;
};

struct HttpReply {
  std::string error;  // non-empty when no complete HTTP reply arrived; says why in plain words
  bool timed_out = false;
  long status = 0;
  std::string body;
  std::string etag;
  std::optional<std::string> retry_after;
  std::string content_type;
  // What went over the connection for this request (HTTP headers and bodies, not TCP/TLS).
  std::int64_t bytes_sent = 0;
  std::int64_t bytes_received = 0;

  bool ok() const { return error.empty(); }
};

class HttpClient {
 public:
  // Throws std::runtime_error if curl cannot be set up. `should_abort` is polled during transfers
  // (e.g. on SIGTERM) and ends the request with an error when it returns true.
  explicit HttpClient(HttpOptions options, std::function<bool()> should_abort = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpReply get(const std::string& path, const std::vector<std::string>& headers);
  HttpReply post(const std::string& path, const std::vector<std::string>& headers,
                 std::string_view body);

 private:
  HttpReply perform(const std::string& path, const std::vector<std::string>& headers,
                    const std::string_view* body);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hymy::sync
