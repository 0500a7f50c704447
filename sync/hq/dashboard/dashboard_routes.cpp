// Sign-in, sign-out and the pages. See dashboard_routes.hpp for the rules every route keeps.
#include "dashboard/dashboard_routes.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <variant>

#include "auth/token.hpp"
#include "dashboard/html.hpp"
#include "dashboard/pages.hpp"
#include "dashboard/route_support.hpp"
#include "dashboard/stylesheet.hpp"
#include "hymy/question_set_json.hpp"
#include "hymy/supported_dates.hpp"

namespace hymy::hq {
namespace {

constexpr std::int64_t kLoginFormLifetimeS = 30 * 60;
constexpr std::size_t kMaxSearchBytes = 200;

int parse_int(const std::string& text, int fallback) {
  int v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  return ec == std::errc() && end == text.data() + text.size() ? v : fallback;
}

// Only a local path may follow sign-in, never another site ("//evil", "https://...").
std::string safe_next(const std::string& next) {
  if (next.size() < 1 || next.size() > 200 || next[0] != '/' || (next.size() > 1 && (next[1] == '/' || next[1] == '\\'))) {
    return "/";
  }
  for (const char c : next) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x21 || u >= 0x7f || c == '\\') return "/";
  }
  return next;
}

// A user name as typed goes into the log: only printable ASCII, so it cannot forge log lines.
std::string printable(const std::string& text) {
  std::string out = text;
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') c = '?';
  }
  return out;
}

void redirect(httplib::Response& res, const std::string& to) {
  res.status = 303;
  res.set_header("Location", to);
}

PageFrame frame_of(const SignedIn& who, std::string title, std::string active) {
  PageFrame f;
  f.title = std::move(title);
  f.user = &who.user;
  f.csrf = who.session.csrf_token;
  f.active = std::move(active);
  return f;
}

void send_login(DashboardState& state, const httplib::Request& req, httplib::Response& res, int status,
                const std::string& error, const std::string& user_name) {
  // A fresh form token each time the form is shown, paired with its cookie (double submit).
  const std::string token = new_token();
  res.set_header("Set-Cookie", cookie_header(kLoginCookie, token, kLoginFormLifetimeS, state.secure_cookies));
  PageFrame frame;
  frame.title = "Sign in";
  send_html(res, status, render_page(frame, login_html(token, error, user_name, safe_next(req.get_param_value("next")))));
}

void login_post(DashboardState& state, const httplib::Request& req, httplib::Response& res) {
  const std::string user_name = req.get_param_value("user").substr(0, 64);
  const auto form_cookie = cookie_value(req, kLoginCookie);
  const std::string sent = req.get_param_value("csrf");
  if (!form_cookie || sent.empty() || !constant_time_equal(*form_cookie, sent)) {
    send_login(state, req, res, 403, "The sign-in form had expired. Please sign in again.", user_name);
    return;
  }
  const std::int64_t now = state.now();
  const std::string address = client_address(req, state.options.trusted_proxies);
  // The guess is reserved before the password is checked, so simultaneous guesses cannot
  // overrun the budget while each one's check is still running.
  auto reserved = state.limiter.begin(user_name, address, now);
  if (const auto* refused = std::get_if<LoginLimiter::Refused>(&reserved)) {
    const std::int64_t seconds = (refused->retry_after_ms + 999) / 1000;
    res.set_header("Retry-After", std::to_string(seconds));
    send_login(state, req, res, 429,
               "Too many failed sign-ins. Try again in " + std::to_string(seconds) + " seconds.", user_name);
    return;
  }
  auto& attempt = std::get<LoginLimiter::Attempt>(reserved);
  const std::string password = req.get_param_value("password");
  const auto user = state.store.user(user_name);
  bool ok = false;
  if (user) {
    ok = verify_password(password, user->password_hash);
  } else {
    verify_password(password, state.stand_in());  // same time as a wrong password
  }
  if (!ok) {
    if (const std::int64_t delay = attempt.failed(state.now())) {
      std::fprintf(stderr, "hymy-hq: sign-in: too many failures for \"%s\" from %s; next try in %lld s\n",
                   printable(user_name).c_str(), printable(address).c_str(),
                   static_cast<long long>((delay + 999) / 1000));
    }
    send_login(state, req, res, 401, "Wrong user name or password.", user_name);
    return;
  }
  attempt.succeeded();
  state.store.delete_expired_sessions(now);
  const NewSession session = start_session(state.store, user->name, now, state.options.session_lifetime_ms);
  res.set_header("Set-Cookie", cookie_header(kSessionCookie, session.token,
                                             state.options.session_lifetime_ms / 1000, state.secure_cookies));
  res.set_header("Set-Cookie", cookie_header(kLoginCookie, "", 0, state.secure_cookies));
  redirect(res, safe_next(req.get_param_value("next")));
}

CommentFilter comment_filter(const httplib::Request& req) {
  CommentFilter f;
  f.days = std::clamp(parse_int(req.get_param_value("days"), 28), 1, 366);
  const std::string rating = req.get_param_value("rating");
  if (rating == "positive" || rating == "negative" || rating == "1" || rating == "2" || rating == "3" ||
      rating == "4") {
    f.rating = rating;
  }
  const std::string presence = req.get_param_value("presence");
  if (presence == "without" || presence == "all") f.presence = presence;
  f.text = req.get_param_value("q").substr(0, kMaxSearchBytes);
  f.limit = std::clamp(parse_int(req.get_param_value("limit"), 30), 1, 500);
  return f;
}

void question_set_post(DashboardState& state, const SignedIn& who, const Unit& unit,
                       const httplib::Request& req, httplib::Response& res) {
  PublishOutcome outcome;
  std::string json = form_value(req, "file");
  if (json.empty()) json = form_value(req, "json");
  outcome.draft = json;
  try {
    if (json.find_first_not_of(" \t\r\n") == std::string::npos) {
      throw std::invalid_argument("Nothing to publish: upload a JSON file or paste the question set.");
    }
    QuestionSet set = parse_question_set(json, "the submitted question set");
    set.unit_id = unit.id;  // the page's unit, whatever the file says (as on the command line)
    if (const std::string why = validate_question_set(set); !why.empty()) {
      throw std::invalid_argument("The question set is not valid: " + why);
    }
    const std::int64_t version = state.store.publish_question_set(set, state.now(), who.user.name);
    outcome.message = "Published as version " + std::to_string(version) + ". The unit's tablets pick it up on their next sync.";
    outcome.draft.clear();
  } catch (const std::exception& e) {
    outcome.error = true;
    outcome.message = e.what();
  }
  const PageContext ctx{state.store, who, state.now()};
  send_html(res, outcome.error ? 422 : 200,
            render_page(frame_of(who, "Question set", ""), question_set_html(ctx, unit, outcome)));
}

}  // namespace

void register_dashboard(HqServer& server, HqStore& store, DashboardOptions options) {
  const bool secure = options.public_url ? options.public_url->https() : options.secure_cookies.value_or(server.tls());
  auto state = std::make_shared<DashboardState>(store, std::move(options), secure);
  const bool tls = server.tls();

  server.get("/static/dashboard.css", "static", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "public, max-age=3600");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_content(kDashboardCss, "text/css; charset=utf-8");
  });
  server.get("/static/favicon.svg", "static", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "public, max-age=86400");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_content(kFaviconSvg, "image/svg+xml");
  });

  server.get("/login", "dashboard_login", [state, tls](const httplib::Request& req, httplib::Response& res) {
    set_security_headers(res, tls);
    if (current_session(state->store, req, state->now())) return redirect(res, "/");
    send_login(*state, req, res, 200, "", "");
  });
  server.post("/login", "dashboard_login", [state, tls](const httplib::Request& req, httplib::Response& res) {
    set_security_headers(res, tls);
    login_post(*state, req, res);
  });
  server.post("/logout", "dashboard_login", [state, tls](const httplib::Request& req, httplib::Response& res) {
    set_security_headers(res, tls);
    const auto who = current_session(state->store, req, state->now());
    if (who && !csrf_ok(*who, form_value(req, "csrf"))) {
      return send_message(*state, res, who, 403, "Request refused",
                          "The form was not sent from this dashboard (its security token did not match).");
    }
    if (who) state->store.delete_session(who->session.token_hash);
    res.set_header("Set-Cookie", cookie_header(kSessionCookie, "", 0, state->secure_cookies));
    redirect(res, "/login");
  });

  server.get("/", "dashboard_page", [state, tls](const httplib::Request& req, httplib::Response& res) {
    set_security_headers(res, tls);
    const auto who = require_user(*state, req, res);
    if (!who) return;
    const PageContext ctx{state->store, *who, state->now()};
    send_html(res, 200, render_page(frame_of(*who, "Overview", "overview"), overview_html(ctx)));
  });

  server.get(std::string("/units/") + kUnitPath, "dashboard_page",
             [state, tls](const httplib::Request& req, httplib::Response& res) {
    set_security_headers(res, tls);
    const auto who = require_user(*state, req, res);
    if (!who) return;
    const auto unit = require_unit(*state, *who, req.matches[1], res);
    if (!unit) return;
    const PageContext ctx{state->store, *who, state->now()};
    send_html(res, 200, render_page(frame_of(*who, unit_display_name(*unit), ""),
                                    unit_html(ctx, *unit, comment_filter(req))));
  });

  server.get("/compare", "dashboard_page", [state, tls](const httplib::Request& req, httplib::Response& res) {
    set_security_headers(res, tls);
    const auto who = require_user(*state, req, res);
    if (!who) return;
    std::vector<Unit> visible;
    for (const Unit& u : state->store.units()) {
      if (who->user.may_see_unit(u.id)) visible.push_back(u);
    }
    CompareRequest request;
    const std::size_t asked = req.get_param_value_count("unit");
    for (std::size_t i = 0; i < asked && i < 100; ++i) {
      const std::string id = req.get_param_value("unit", i);
      if (!who->user.may_see_unit(id)) {
        return send_message(*state, res, who, 403, "Not your unit",
                            "Your account does not give access to one of the units asked for.");
      }
      if (std::find(request.unit_ids.begin(), request.unit_ids.end(), id) == request.unit_ids.end()) {
        request.unit_ids.push_back(id);
      }
    }
    if (asked == 0) {
      for (const Unit& u : visible) request.unit_ids.push_back(u.id);
    }
    request.days = std::clamp(parse_int(req.get_param_value("days"), 28), 1, 366);
    const std::string zone_name = visible.empty() ? std::string("Europe/Helsinki") : visible.front().time_zone;
    request.last_day = TimeZone(zone_name).date_of(state->now());
    if (req.has_param("end")) {
      const ParsedDate end = parse_supported_date("end", req.get_param_value("end"));
      if (const auto* error = std::get_if<DateParamError>(&end)) {
        return send_message(*state, res, who, 400, "Bad date", error->message + ".");
      }
      request.last_day = std::get<LocalDate>(end);
    }
    const PageContext ctx{state->store, *who, state->now()};
    send_html(res, 200, render_page(frame_of(*who, "Compare", "compare"), compare_html(ctx, visible, request)));
  });

  const std::string qs_path = std::string("/units/") + kUnitPath + "/question-set";
  server.get(qs_path, "dashboard_page", [state, tls](const httplib::Request& req, httplib::Response& res) {
    set_security_headers(res, tls);
    const auto who = require_user(*state, req, res);
    if (!who) return;
    if (who->user.role != Role::admin) {
      return send_message(*state, res, who, 403, "Administrators only",
                          "Only HQ administrators publish question sets.");
    }
    const auto unit = require_unit(*state, *who, req.matches[1], res);
    if (!unit) return;
    const PageContext ctx{state->store, *who, state->now()};
    send_html(res, 200, render_page(frame_of(*who, "Question set", ""), question_set_html(ctx, *unit, {})));
  });
  server.post(qs_path, "dashboard_page", [state, tls](const httplib::Request& req, httplib::Response& res) {
    set_security_headers(res, tls);
    const auto who = require_user(*state, req, res);
    if (!who) return;
    if (!csrf_ok(*who, form_value(req, "csrf"))) {
      return send_message(*state, res, who, 403, "Request refused",
                          "The form was not sent from this dashboard (its security token did not match).");
    }
    if (who->user.role != Role::admin) {
      return send_message(*state, res, who, 403, "Administrators only",
                          "Only HQ administrators publish question sets.");
    }
    const auto unit = require_unit(*state, *who, req.matches[1], res);
    if (!unit) return;
    question_set_post(*state, *who, *unit, req, res);
  });

  register_export_routes(server, state);
}

}  // namespace hymy::hq
