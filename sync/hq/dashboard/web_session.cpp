// Cookie parsing and the session lookups over the store.
#include "dashboard/web_session.hpp"

#include "auth/token.hpp"

namespace hymy::hq {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_token(std::string_view s) {
  if (s.size() != 64) return false;
  for (const char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> cookie_value(const httplib::Request& req, std::string_view name) {
  const auto range = req.headers.equal_range("Cookie");
  for (auto it = range.first; it != range.second; ++it) {
    std::string_view rest = it->second;
    while (!rest.empty()) {
      const auto semi = rest.find(';');
      const std::string_view pair = trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      const auto eq = pair.find('=');
      if (eq == std::string_view::npos) continue;
      if (trim(pair.substr(0, eq)) == name) return std::string(trim(pair.substr(eq + 1)));
    }
  }
  return std::nullopt;
}

std::string cookie_header(std::string_view name, const std::string& value, std::int64_t max_age_s,
                          bool secure) {
  std::string h = std::string(name) + "=" + value + "; Path=/; Max-Age=" + std::to_string(max_age_s) +
                  "; HttpOnly; SameSite=Strict";
  if (secure) h += "; Secure";
  return h;
}

std::optional<SignedIn> current_session(HqStore& store, const httplib::Request& req,
                                        std::int64_t now_ms) {
  const auto token = cookie_value(req, kSessionCookie);
  if (!token || !is_token(*token)) return std::nullopt;
  auto session = store.session(sha256_hex(*token));
  if (!session) return std::nullopt;
  if (session->expires_at_ms <= now_ms) {
    store.delete_session(session->token_hash);
    return std::nullopt;
  }
  auto user = store.user(session->user_name);
  if (!user) return std::nullopt;
  return SignedIn{std::move(*user), std::move(*session)};
}

NewSession start_session(HqStore& store, const std::string& user_name, std::int64_t now_ms,
                         std::int64_t lifetime_ms) {
  NewSession s;
  s.token = new_token();
  s.session.token_hash = sha256_hex(s.token);
  s.session.user_name = user_name;
  s.session.csrf_token = new_token();
  s.session.created_at_ms = now_ms;
  s.session.expires_at_ms = now_ms + lifetime_ms;
  store.add_session(s.session);
  return s;
}

bool csrf_ok(const SignedIn& signed_in, const std::string& sent) {
  return !signed_in.session.csrf_token.empty() &&
         constant_time_equal(sent, signed_in.session.csrf_token);
}

}  // namespace hymy::hq
