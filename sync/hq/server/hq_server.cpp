// The routes and the handling every request gets once the transport has read it completely.
#include "server/hq_server.hpp"

#include <cstdio>
#include <exception>

#include "hymy/sqlite.hpp"
#include "protocol/protocol.hpp"
#include "server/http_transport.hpp"

namespace hymy::hq {
namespace {

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

HqServer::HqServer(ServerOptions options)
    : options_(std::move(options)),
      transport_(std::make_unique<HttpTransport>(
          options_, [this](httplib::Request& req, httplib::Response& res) { dispatch(req, res); },
          [this](const RefusedRequest& refused) {
            metrics_.observe_request("refused", refused.status, 0);
            if (refused.path == "/v1/batches") metrics_.count_refused_batch(refused.status);
          })) {}

HqServer::~HqServer() { stop(); }

void HqServer::add(std::string method, const std::string& pattern, const std::string& route,
                   Handler handler) {
  routes_.push_back(Route{std::move(method), std::regex(pattern), route, std::move(handler)});
}

void HqServer::get(const std::string& pattern, const std::string& route, Handler handler) {
  add("GET", pattern, route, std::move(handler));
}

void HqServer::post(const std::string& pattern, const std::string& route, Handler handler) {
  add("POST", pattern, route, std::move(handler));
}

void HqServer::dispatch(httplib::Request& req, httplib::Response& res) {
  if (req.has_header("Content-Encoding")) {
    const std::string encoding = req.get_header_value("Content-Encoding");
    req.headers.erase("Content-Encoding");
    req.headers.emplace(kBodyEncodingHeader, encoding);
  }
  // HEAD is GET without the body (the transport leaves the body out).
  const std::string method = req.method == "HEAD" ? "GET" : req.method;
  for (const Route& route : routes_) {
    if (route.method == method && std::regex_match(req.path, req.matches, route.pattern)) {
      return run_handler(route, req, res);
    }
  }
  send_error(res, 404, "no such resource: " + req.method + " " + req.path);
  metrics_.observe_request("unrouted", 404, 0);
}

void HqServer::run_handler(const Route& route, const httplib::Request& req, httplib::Response& res) {
  const auto start = std::chrono::steady_clock::now();
  try {
    route.handler(req, res);
  } catch (...) {
    res = httplib::Response();
    send_failure(req, res, std::current_exception(), options_.busy_retry_after);
  }
  if (res.status < 0) res.status = 200;
  if (res.status >= 400 && res.body.empty() && !res.content_provider_) {
    send_error(res, res.status, "request failed with status " + std::to_string(res.status));
  }
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  metrics_.observe_request(route.name, res.status, took.count());
}

int HqServer::bind() {
  const int port = transport_->bind();
  options_.port = port;
  return port;
}

bool HqServer::run() { return transport_->run(); }

void HqServer::stop() { transport_->stop(); }

bool HqServer::is_running() const { return transport_->is_running(); }

bool HqServer::wait_until_running(std::chrono::milliseconds timeout) const {
  return transport_->wait_until_running(timeout);
}

}  // namespace hymy::hq
