// The shared checks of the dashboard's routes.
#include "dashboard/route_support.hpp"

#include "dashboard/html.hpp"
#include "dashboard/pages.hpp"
#include "hymy/clock.hpp"

namespace hymy::hq {

std::int64_t DashboardState::now() const { return options.clock ? options.clock() : now_ms(); }

const std::string& DashboardState::stand_in() {
  std::call_once(stand_in_once, [this] {
    stand_in_hash = hash_password("stand-in password for unknown users", options.unknown_user_iterations);
  });
  return stand_in_hash;
}

void set_security_headers(httplib::Response& res, bool tls) {
  // No script at all; styles only from the one served stylesheet; SVG is inline markup.
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
                 "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Cache-Control", "no-store");
  if (tls) res.set_header("Strict-Transport-Security", "max-age=31536000");
}

void send_html(httplib::Response& res, int status, const std::string& html) {
  res.status = status;
  res.set_content(html, "text/html; charset=utf-8");
}

void send_message(DashboardState& state, httplib::Response& res, const std::optional<SignedIn>& who,
                  int status, const std::string& heading, const std::string& text) {
  PageFrame frame;
  frame.title = heading;
  if (who) {
    frame.user = &who->user;
    frame.csrf = who->session.csrf_token;
  }
  (void)state;
  send_html(res, status, render_page(frame, message_html(heading, text)));
}

std::optional<SignedIn> require_user(DashboardState& state, const httplib::Request& req,
                                     httplib::Response& res) {
  auto who = current_session(state.store, req, state.now());
  if (!who) {
    res.status = 303;
    res.set_header("Location", "/login?next=" + url_encode(req.path));
  }
  return who;
}

std::optional<Unit> require_unit(DashboardState& state, const SignedIn& who, const std::string& unit_id,
                                 httplib::Response& res) {
  if (!who.user.may_see_unit(unit_id)) {
    send_message(state, res, who, 403, "Not your unit",
                 "Your account does not give access to this unit. Ask an HQ administrator if it should.");
    return std::nullopt;
  }
  auto unit = state.store.unit(unit_id);
  if (!unit) send_message(state, res, who, 404, "No such unit", "There is no unit " + unit_id + ".");
  return unit;
}

std::string form_value(const httplib::Request& req, const std::string& name) {
  if (req.has_param(name.c_str())) return req.get_param_value(name.c_str());
  if (req.has_file(name.c_str())) return req.get_file_value(name.c_str()).content;
  return "";
}

}  // namespace hymy::hq
