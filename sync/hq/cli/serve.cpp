// The serve command with graceful shutdown: SIGTERM and SIGINT are taken by one thread (sigwait)
// which stops the server; it then stops accepting and lets the requests in hand finish, so a
// batch is either committed and acknowledged, or not acknowledged.
#include "cli/serve.hpp"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <charconv>
#include <cstdio>
#include <stdexcept>
#include <thread>

#include "api/device_api.hpp"
#include "dashboard/dashboard_routes.hpp"

namespace hymy::hq {

void parse_listen(const std::string& listen, ServerOptions& options) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) {
    throw std::invalid_argument("--listen: expected HOST:PORT (e.g. 127.0.0.1:8080), found \"" +
                                listen + "\"");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string port_text = listen.substr(colon + 1);
  int port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 0 || port > 65535) {
    throw std::invalid_argument("--listen: expected a port 0..65535, found \"" + port_text + "\"");
  }
  options.host = host;
  options.port = port;
}

int serve(const HqStoreLocation& storage, ServerOptions options) {
  // Block the signals before any thread exists so that every thread inherits the mask and only
  // the waiting thread below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto store = open_hq_store(storage);
  HqServer server(options);
  register_health(server, *store);
  register_device_api(server, *store);
  DashboardOptions dashboard;
  dashboard.trusted_proxies = options.trusted_proxies;
  dashboard.public_url = options.public_url;
  register_dashboard(server, *store, std::move(dashboard));
  const int port = server.bind();
  std::fprintf(stderr, "hymy-hq: serving %s on %s:%d (%s)\n", server.tls() ? "HTTPS" : "HTTP",
               options.host.c_str(), port, describe(storage).c_str());

  std::atomic<bool> finished{false};
  std::thread waiter([&server, &signals, &finished] {
    int sig = 0;
    sigwait(&signals, &sig);
    if (finished) return;
    server.wait_until_running(std::chrono::seconds(10));
    std::fprintf(stderr, "hymy-hq: %s received, finishing requests in progress\n",
                 sig == SIGINT ? "SIGINT" : "SIGTERM");
    server.stop();
  });
  const bool ok = server.run();
  finished = true;
  // The server may also have stopped on its own; wake the waiter so it can be joined.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  std::fprintf(stderr, "hymy-hq: stopped\n");
  return ok ? 0 : 1;
}

}  // namespace hymy::hq
