// The dashboard's routes on HQ's server: sign-in and sign-out, the overview, unit, compare and
// question-set pages, the exports, and the stylesheet. Every page and export checks the session
// and the user's right to the unit (403 otherwise); every POST checks the session's CSRF token;
// every response carries the security headers.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "auth/password_hash.hpp"
#include "dashboard/login_limiter.hpp"
#include "server/client_address.hpp"
#include "server/hq_server.hpp"
#include "server/public_url.hpp"
#include "store/hq_store.hpp"

namespace hymy::hq {

struct DashboardOptions {
  std::function<std::int64_t()> clock;  // empty: the system clock
  std::int64_t session_lifetime_ms = 12LL * 60 * 60 * 1000;
  LoginLimits login_limits;
  // Secure cookies; empty: when the server itself speaks TLS. Set it behind a TLS-terminating proxy.
  std::optional<bool> secure_cookies;
  // Reverse proxies whose X-Forwarded-For names the client that sign-in throttling and its log see.
  TrustedProxies trusted_proxies;
  // Where people reach the dashboard; when given, its scheme decides Secure cookies.
  std::optional<PublicUrl> public_url;
  // Iterations of the stand-in hash checked for unknown user names, so that a wrong name takes as
  // long as a wrong password and names cannot be probed by timing. Match the users' hashes.
  int unknown_user_iterations = kPasswordIterations;
};

void register_dashboard(HqServer& server, HqStore& store, DashboardOptions options = {});

}  // namespace hymy::hq
