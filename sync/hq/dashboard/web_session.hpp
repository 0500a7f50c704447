// Dashboard sessions: a random 256-bit token in an HttpOnly, SameSite=Strict cookie (Secure under
// TLS); the store keeps only its hash, with the user, the session's CSRF token and its expiry, so
// sessions survive a restart of hymy-hq and end on logout or expiry.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/hq_store.hpp"

namespace hymy::hq {

inline constexpr const char* kSessionCookie = "hymy_session";
// Before sign-in there is no session to bind a CSRF token to; the login form's token is paired
// with this cookie instead (double submit), so another site cannot sign a browser in.
inline constexpr const char* kLoginCookie = "hymy_login";

// The value of cookie `name` in the request's Cookie headers, if present.
std::optional<std::string> cookie_value(const httplib::Request& req, std::string_view name);
// A Set-Cookie value; max_age_s 0 deletes the cookie.
std::string cookie_header(std::string_view name, const std::string& value, std::int64_t max_age_s,
                          bool secure);

struct SignedIn {
  User user;
  Session session;
};

// The signed-in user of the request: a known, unexpired session whose user still exists.
std::optional<SignedIn> current_session(HqStore& store, const httplib::Request& req,
                                        std::int64_t now_ms);

struct NewSession {
  std::string token;  // goes into the cookie, never stored
  Session session;
};
NewSession start_session(HqStore& store, const std::string& user_name, std::int64_t now_ms,
                         std::int64_t lifetime_ms);

// Whether `sent` (the form's "csrf" field) matches the session's token, in constant time.
bool csrf_ok(const SignedIn& signed_in, const std::string& sent);

}  // namespace hymy::hq
