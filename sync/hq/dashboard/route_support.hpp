// What the dashboard's route files share: their state, the security headers, and the checks
// every page and export runs first (signed in? may this user see this unit?).
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "dashboard/dashboard_routes.hpp"
#include "dashboard/login_limiter.hpp"
#include "dashboard/web_session.hpp"

namespace hymy::hq {

struct DashboardState {
  DashboardState(HqStore& s, DashboardOptions o, bool secure)
      : store(s), options(std::move(o)), limiter(options.login_limits), secure_cookies(secure) {}
  HqStore& store;
  DashboardOptions options;
  LoginLimiter limiter;
  bool secure_cookies;
  std::once_flag stand_in_once;
  std::string stand_in_hash;  // see DashboardOptions::unknown_user_iterations

  std::int64_t now() const;
  const std::string& stand_in();
};

// Unit ids in paths: the slug rule of `hymy-hq unit add`.
inline constexpr const char* kUnitPath = "([a-z0-9][a-z0-9._-]{0,63})";

// CSP, framing, referrer, sniffing and caching headers (HSTS under TLS).
void set_security_headers(httplib::Response& res, bool tls);

// Sends a complete HTML page.
void send_html(httplib::Response& res, int status, const std::string& html);
// A page with just a heading and a sentence (403, 404, 400, ...).
void send_message(DashboardState& state, httplib::Response& res, const std::optional<SignedIn>& who,
                  int status, const std::string& heading, const std::string& text);

// The signed-in user, or nothing after answering with a redirect to the sign-in page.
std::optional<SignedIn> require_user(DashboardState& state, const httplib::Request& req,
                                     httplib::Response& res);
// The unit if `who` may see it; otherwise answers 403 (or 404 for an admin asking for a unit that
// does not exist: a viewer never learns whether a unit they may not see exists) and returns nothing.
std::optional<Unit> require_unit(DashboardState& state, const SignedIn& who, const std::string& unit_id,
                                 httplib::Response& res);

// A form field, from a urlencoded body or a multipart part.
std::string form_value(const httplib::Request& req, const std::string& name);

void register_export_routes(HqServer& server, const std::shared_ptr<DashboardState>& state);

}  // namespace hymy::hq
