// The HTTP(S) server setup and the checks every request passes before any handler runs.
#include "server/hq_server.hpp"

#include <sys/socket.h>

#include <charconv>
#include <cstdio>
#include <exception>
#include <thread>

#include "hymy/sqlite.hpp"
#include "protocol/protocol.hpp"
#include "server/bounded_task_queue.hpp"

namespace hymy::hq {
namespace {

bool has_body(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

// Refuses a request before httplib reads its body, and closes the connection afterwards since the
// unread body would otherwise be taken for the next request.
httplib::Server::HandlerResponse refuse(httplib::Response& res, int status,
                                        const std::string& message) {
  send_error(res, status, message);
  res.set_header("Connection", "close");
  return httplib::Server::HandlerResponse::Handled;
}

// The reply to a handler that threw: 503 and Retry-After when the database was locked (the client
// may retry; tablets do), else 500. Either way the exception is logged.
void send_failure(const httplib::Request& req, httplib::Response& res, std::exception_ptr ep,
                  std::chrono::seconds retry_after) {
  std::string what = "unknown exception";
  bool busy = false;
  try {
    if (ep) std::rethrow_exception(ep);
  } catch (const sqlite::Error& e) {
    what = e.what();
    busy = e.busy();
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
  }
  std::fprintf(stderr, "hymy-hq: %s %s failed: %s\n", req.method.c_str(), req.path.c_str(),
               what.c_str());
  if (busy) {
    send_error(res, 503, "the database is busy; try again later");
    res.set_header("Retry-After", std::to_string(retry_after.count()));
    return;
  }
  send_error(res, 500, "internal error; the request was not completed");
}

}  // namespace

void send_error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(protocol::error_body(message), "application/json");
}

void send_json(httplib::Response& res, const std::string& json) {
  res.status = 200;
  res.set_content(json, "application/json");
}

HqServer::HqServer(ServerOptions options) : options_(std::move(options)) {
  if (options_.tls_cert_file.has_value() != options_.tls_key_file.has_value()) {
    throw std::runtime_error("TLS needs both --tls-cert and --tls-key, or neither");
  }
  if (options_.tls_cert_file) {
    auto ssl = std::make_unique<httplib::SSLServer>(options_.tls_cert_file->c_str(),
                                                    options_.tls_key_file->c_str());
    if (!ssl->is_valid()) {
      throw std::runtime_error("cannot load the TLS certificate " + *options_.tls_cert_file +
                               " or key " + *options_.tls_key_file +
                               " (expected PEM files that match)");
    }
    http_ = std::move(ssl);
  } else {
    http_ = std::make_unique<httplib::Server>();
  }

  const std::size_t threads = options_.threads;
  const std::size_t queued = options_.max_queued_connections;
  http_->new_task_queue = [this, threads, queued] {
    auto* queue = new BoundedTaskQueue(threads, queued);
    queue_ = queue;
    return queue;
  };
  // httplib listens with a backlog of 5 and offers no setting; bind() listens again with ours,
  // on the socket recorded here (httplib's own socket options are kept).
  http_->set_socket_options([this](socket_t sock) {
    httplib::default_socket_options(sock);
    listen_fd_ = sock;
  });
  http_->set_payload_max_length(options_.max_body_bytes);
  http_->set_read_timeout(options_.read_timeout);
  http_->set_write_timeout(options_.write_timeout);
  http_->set_keep_alive_timeout(options_.keep_alive_timeout.count());
  http_->set_keep_alive_max_count(options_.keep_alive_max_requests);

  http_->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (has_body(req.method)) {
      // httplib 0.11 reads chunked bodies and bodies without a length without any limit.
      if (req.has_header("Transfer-Encoding")) {
        metrics_.observe_request("refused", 411, 0);
        return refuse(res, 411, "Transfer-Encoding is not accepted; send a Content-Length");
      }
      if (!req.has_header("Content-Length")) {
        metrics_.observe_request("refused", 411, 0);
        return refuse(res, 411, "Content-Length: required");
      }
      const std::string value = req.get_header_value("Content-Length");
      std::size_t length = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
      if (ec != std::errc() || end != value.data() + value.size()) {
        metrics_.observe_request("refused", 400, 0);
        return refuse(res, 400, "Content-Length: expected a number, found \"" + value + "\"");
      }
      if (length > options_.max_body_bytes) {
        metrics_.observe_request("refused", 413, 0);
        if (req.path == "/v1/batches") metrics_.count_refused_batch(413);
        return refuse(res, 413, "body too large: " + std::to_string(length) +
                                    " bytes, at most " + std::to_string(options_.max_body_bytes));
      }
    }
    if (req.has_header("Content-Encoding")) {
      // The Request object is httplib's own non-const local; moving the header is well defined
      // and is the one way to keep httplib from inflating the body without a bound.
      auto& mutable_req = const_cast<httplib::Request&>(req);
      const std::string encoding = req.get_header_value("Content-Encoding");
      mutable_req.headers.erase("Content-Encoding");
      mutable_req.headers.emplace(kBodyEncodingHeader, encoding);
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  // A worker serves one connection at a time and, with keep-alive, waits on it between requests.
  // Thousands of tablets keeping their connections would hold every worker while the others'
  // connections wait in the queue: so while any connection waits, a reply ends its connection.
  http_->set_post_routing_handler([this](const httplib::Request&, httplib::Response& res) {
    BoundedTaskQueue* queue = queue_;
    if (queue && queue->waiting() > 0) res.set_header("Connection", "close");
  });

  http_->set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string message = res.status == 404 ? "no such resource: " + req.method + " " + req.path
                                            : "request failed with status " + std::to_string(res.status);
    res.set_content(protocol::error_body(message), "application/json");
    return httplib::Server::HandlerResponse::Handled;
  }));

  http_->set_exception_handler(
      [retry_after = options_.busy_retry_after](const httplib::Request& req, httplib::Response& res,
                                                std::exception_ptr ep) {
        send_failure(req, res, ep, retry_after);
      });
}

HqServer::~HqServer() { stop(); }

Handler HqServer::wrap(const std::string& route, Handler handler) {
  return [this, route, handler = std::move(handler)](const httplib::Request& req,
                                                     httplib::Response& res) {
    const auto start = std::chrono::steady_clock::now();
    try {
      handler(req, res);
    } catch (const std::exception&) {
      send_failure(req, res, std::current_exception(), options_.busy_retry_after);
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    metrics_.observe_request(route, res.status, took.count());
  };
}

void HqServer::get(const std::string& pattern, const std::string& route, Handler handler) {
  http_->Get(pattern, wrap(route, std::move(handler)));
}

void HqServer::post(const std::string& pattern, const std::string& route, Handler handler) {
  http_->Post(pattern, wrap(route, std::move(handler)));
}

int HqServer::bind() {
  int port = options_.port;
  bool bound = false;
  if (port == 0) {
    port = http_->bind_to_any_port(options_.host);
    bound = port > 0;
    if (bound) options_.port = port;
  } else {
    bound = http_->bind_to_port(options_.host, port);
  }
  if (bound) {
    // Listening again on a listening socket only changes its backlog (Linux, BSD).
    if (listen_fd_ >= 0) ::listen(listen_fd_, options_.listen_backlog);
    return port;
  }
  throw std::runtime_error("cannot listen on " + options_.host + ":" +
                           std::to_string(options_.port) +
                           " (address in use, not local, or not permitted)");
}

bool HqServer::run() {
  const bool ok = http_->listen_after_bind();
  queue_ = nullptr;  // httplib has deleted it
  return ok;
}

void HqServer::stop() { http_->stop(); }

bool HqServer::is_running() const { return http_->is_running(); }

bool HqServer::wait_until_running(std::chrono::milliseconds timeout) const {
  // httplib 0.11 offers no readiness callback; its flag flips as the accept loop starts.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!http_->is_running()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

}  // namespace hymy::hq
