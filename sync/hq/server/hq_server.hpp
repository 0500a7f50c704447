// HQ's HTTP(S) server: routes, JSON error bodies and per-route metrics over an event-driven
// transport (server/http_transport) that holds every client to ServerOptions' limits. Route
// groups are registered by module (register_device_api, register_health, the dashboard's own).
// Handlers see requests and fill replies as cpp-httplib's Request and Response types.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "server/metrics.hpp"
#include "server/server_options.hpp"

namespace hymy::hq {

using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

class HttpTransport;

// The request header where the server keeps a request's Content-Encoding, moved away from
// "Content-Encoding" so that nothing inflates a body without a bound; handlers inflate with
// protocol::gunzip, which is bounded.
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

 private:
  struct Route {
    std::string method;
    std::regex pattern;
    std::string name;
    Handler handler;
  };
  void add(std::string method, const std::string& pattern, const std::string& route, Handler handler);
  // Runs on a worker: finds the route, runs its handler, and records the outcome.
  void dispatch(httplib::Request& req, httplib::Response& res);
  void run_handler(const Route& route, const httplib::Request& req, httplib::Response& res);

  ServerOptions options_;
  Metrics metrics_;
  std::vector<Route> routes_;  // registered before run(), read-only after
  std::unique_ptr<HttpTransport> transport_;
};

// Writes {"error": message} with `status`.
void send_error(httplib::Response& res, int status, const std::string& message);
void send_json(httplib::Response& res, const std::string& json);

}  // namespace hymy::hq
