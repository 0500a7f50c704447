// What an HqServer listens on and the limits it holds every client to. Every limit is a bound on
// what one client (or all of them together) can make HQ hold: threads, memory, sockets, time.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "server/client_address.hpp"
#include "server/public_url.hpp"

namespace hymy::hq {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (tests)
  std::optional<std::string> tls_cert_file;  // both or neither: HTTPS, else plain HTTP
  std::optional<std::string> tls_key_file;

  // Handlers run on `threads` workers; a request is handed to them only once it has been read
  // completely, so slow clients never hold a worker. Requests waiting for a worker beyond
  // `max_queued_requests` get 503 with Retry-After. A connection has at most one request in hand
  // and queued bodies count against max_inflight_body_bytes, so the queue may be as long as the
  // connections are many: a burst of tablets then waits its turn rather than being turned away.
  std::size_t threads = 8;
  std::size_t max_queued_requests = 8192;
  // The kernel's queue of connections not yet accepted (capped by net.core.somaxconn): when
  // thousands of tablets connect at once, those beyond it would wait for SYN retransmits.
  int listen_backlog = 4096;

  // Open connections in all and from one address; beyond them a connection gets 503 and is
  // closed. (Behind a reverse proxy every client shares the proxy's address: raise the
  // per-address cap to the total there.)
  std::size_t max_connections = 8192;
  std::size_t max_connections_per_address = 512;

  // Request line and headers together (431 beyond), the request target alone (414 beyond), the
  // body as sent (413 beyond, unread), and the bodies of all requests in hand at once (503).
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_target_bytes = 4096;
  std::size_t max_body_bytes = 1 << 20;
  std::size_t max_inflight_body_bytes = 256u << 20;

  // The whole request line and headers must arrive within `header_timeout` of their first byte
  // (408 otherwise), however the client paces them. A body must arrive within `body_grace` plus
  // its length at `min_body_bytes_per_second`, and never later than `body_timeout`.
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds body_grace{5};
  std::size_t min_body_bytes_per_second = 16 * 1024;
  std::chrono::seconds body_timeout{60};
  std::chrono::seconds write_timeout{10};
  // An idle kept-alive connection is closed after this long; it holds no worker meanwhile.
  std::chrono::seconds keep_alive_timeout{5};
  std::size_t keep_alive_max_requests = 100;

  // Retry-After of a 503: when the database stayed locked by another writer (e.g. a backup or an
  // admin command) past its busy timeout, or when every worker and queue place is taken.
  std::chrono::seconds busy_retry_after{5};

  // The reverse proxies in front of HQ: from them, X-Forwarded-For names the client (see
  // client_address). Empty: every peer is the client.
  TrustedProxies trusted_proxies;
  // How people reach HQ (e.g. https://... behind a TLS-terminating proxy): https marks the
  // dashboard's cookies Secure. Empty: the cookies are Secure when HQ itself speaks TLS.
  std::optional<PublicUrl> public_url;
};

}  // namespace hymy::hq
