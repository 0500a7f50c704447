// HQ's network side, event-driven (Boost.Asio/Beast): accepts connections, reads each request
// completely within the limits of ServerOptions on one network thread, and only then hands it to
// a worker. A slow or hostile client therefore holds a socket and a few KiB, never a worker, and
// every wait has a deadline. Handlers see the request as httplib::Request and fill an
// httplib::Response (plain bodies and chunked content providers).
#pragma once

#include <httplib.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "server/server_options.hpp"

namespace hymy::hq {

// A request the transport answered itself (431, 408, 413, 503 ...) without a handler.
struct RefusedRequest {
  int status = 0;
  std::string path;  // empty when the request line was never read
};

class HttpTransport {
 public:
  // `handle` runs on a worker with a complete request; `refused` on the network thread.
  using Handle = std::function<void(httplib::Request&, httplib::Response&)>;
  using Refused = std::function<void(const RefusedRequest&)>;

  // Throws std::runtime_error naming the file when the TLS certificate or key cannot be loaded.
  HttpTransport(const ServerOptions& options, Handle handle, Refused refused);
  ~HttpTransport();
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  // Binds and listens; returns the port. Throws std::runtime_error naming host and port.
  int bind();
  // Serves until stop(). Returns false if it could not serve (e.g. not bound).
  bool run();
  // Stops accepting, lets requests in hand finish and send their replies (at most 30 s), then
  // makes run() return. Returns at once; safe from any thread.
  void stop();
  bool is_running() const;
  bool wait_until_running(std::chrono::milliseconds timeout) const;

  struct Impl;  // the network side's state, defined (and only usable) in http_transport.cpp

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace hymy::hq
