// HQ's HTTP(S) server: cpp-httplib with HQ's limits (body size, timeouts, keep-alive, a bounded
// worker pool), JSON error bodies, per-route metrics, and route groups registered by module
// (register_device_api, register_health, and the dashboard's own register function).
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "server/metrics.hpp"

namespace hymy::hq {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (tests)
  std::optional<std::string> tls_cert_file;  // both or neither: HTTPS, else plain HTTP
  std::optional<std::string> tls_key_file;
  std::size_t threads = 8;
  std::size_t max_queued_connections = 64;
  // The kernel's queue of connections not yet accepted (capped by net.core.somaxconn): when
  // thousands of tablets connect at once, those beyond it would wait for SYN retransmits.
  int listen_backlog = 4096;
  std::size_t max_body_bytes = 1 << 20;  // on the wire; larger bodies get 413 unread
  std::chrono::seconds read_timeout{10};
  std::chrono::seconds write_timeout{10};
  std::chrono::seconds keep_alive_timeout{5};
  std::size_t keep_alive_max_requests = 100;
  // Retry-After of the 503 a request gets when the database stayed locked by another writer
  // (e.g. a backup or an admin command) past its busy timeout.
  std::chrono::seconds busy_retry_after{5};
};

using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

class BoundedTaskQueue;

// The request header where the server keeps a request's Content-Encoding, moved away from
// "Content-Encoding" so that httplib does not inflate bodies itself (without a size limit);
// handlers inflate with protocol::gunzip, which is bounded.
inline constexpr const char* kBodyEncodingHeader = "X-Hymy-Content-Encoding";

class HqServer {
 public:
  // Throws std::runtime_error naming the file when the TLS certificate or key cannot be loaded.
  explicit HqServer(ServerOptions options);
  ~HqServer();
  HqServer(const HqServer&) = delete;
  HqServer& operator=(const HqServer&) = delete;

  // `route` names the route in metrics (e.g. "batches"). Handlers may throw: the client gets a
  // 500 with a JSON error body and the exception is logged; a locked database (SQLITE_BUSY) is a
  // 503 with Retry-After instead, since the request may succeed once the lock is released.
  void get(const std::string& pattern, const std::string& route, Handler handler);
  void post(const std::string& pattern, const std::string& route, Handler handler);

  Metrics& metrics() { return metrics_; }
  const ServerOptions& options() const { return options_; }
  bool tls() const { return options_.tls_cert_file.has_value(); }

  // Binds and listens; returns the port (the chosen one when options.port is 0). Throws
  // std::runtime_error naming host and port when that fails.
  int bind();
  // Serves until stop(); call bind() first. Returns false if the accept loop failed.
  bool run();
  // Stops accepting; requests being handled finish and get their replies; returns at once.
  void stop();
  bool is_running() const;
  // Waits (bounded) until run() has entered its accept loop; false on timeout.
  bool wait_until_running(std::chrono::milliseconds timeout) const;

  // For modules that need more of httplib than get/post (e.g. other methods).
  httplib::Server& http() { return *http_; }

 private:
  Handler wrap(const std::string& route, Handler handler);

  ServerOptions options_;
  Metrics metrics_;
  std::atomic<BoundedTaskQueue*> queue_{nullptr};  // httplib's, created when run() starts
  int listen_fd_ = -1;                              // the listening socket, seen while binding
  std::unique_ptr<httplib::Server> http_;
};

// Writes {"error": message} with `status`.
void send_error(httplib::Response& res, int status, const std::string& message);
void send_json(httplib::Response& res, const std::string& json);

}  // namespace hymy::hq
