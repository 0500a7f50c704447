// Sign-in, sessions, CSRF, rate limiting, security headers and per-unit access, over HTTP against
// the real server.
#include <gtest/gtest.h>

#include <algorithm>
#include <latch>
#include <thread>
#include <vector>

#include "auth/password_hash.hpp"

#include "dashboard/web_session.hpp"
#include "dashboard_test_support.hpp"

namespace hymy::hq::test {
namespace {

bool has_cookie_with(const httplib::Response& res, const std::string& name, const std::string& attribute) {
  for (const std::string& c : set_cookies(res)) {
    if (c.rfind(name + "=", 0) == 0 && c.find(attribute) != std::string::npos) return true;
  }
  return false;
}

TEST_F(DashboardTest, PagesWithoutSessionRedirectToSignIn) {
  WebClient c = web();
  for (const std::string path : {"/", "/units/unit-a", "/compare", "/units/unit-a/export/responses.csv",
                                 "/units/unit-a/export/fhir.json", "/units/unit-a/question-set"}) {
    auto r = c.get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 303) << path;
    EXPECT_EQ(r->get_header_value("Location").rfind("/login?next=", 0), 0u) << path;
    EXPECT_EQ(r->body.find("unit-a,"), std::string::npos) << path;
  }
}

TEST_F(DashboardTest, SignInSetsAStrictHttpOnlySessionCookieAndGoesToNext) {
  WebClient c = web();
  auto r = c.login(kAdmin, kPassword, "/compare");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 303);
  EXPECT_EQ(r->get_header_value("Location"), "/compare");
  EXPECT_TRUE(has_cookie_with(*r, "hymy_session", "HttpOnly"));
  EXPECT_TRUE(has_cookie_with(*r, "hymy_session", "SameSite=Strict"));
  EXPECT_TRUE(has_cookie_with(*r, "hymy_session", "Path=/"));
  EXPECT_FALSE(has_cookie_with(*r, "hymy_session", "Secure"));  // plain HTTP on loopback
  ASSERT_EQ(c.cookies().at("hymy_session").size(), 64u);        // 256 random bits in hex
  auto page = c.get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("alice"), std::string::npos);
  EXPECT_NE(page->body.find("/units/unit-b"), std::string::npos);  // an admin sees every unit
}

TEST_F(DashboardTest, NextMustBeALocalPath) {
  for (const std::string next : {"//evil.example/", "https://evil.example/", "/\\evil.example"}) {
    WebClient c = web();
    auto r = c.login(kAdmin, kPassword, next);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 303);
    EXPECT_EQ(r->get_header_value("Location"), "/") << next;
  }
}

TEST_F(DashboardTest, WrongPasswordOrUnknownUserIsRefusedWithoutASession) {
  for (const auto& [user, password] : std::vector<std::pair<std::string, std::string>>{
           {kAdmin, "wrong password!"}, {"nobody", kPassword}, {kAdmin, ""}}) {
    WebClient c = web();
    auto r = c.login(user, password);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401) << user;
    EXPECT_NE(r->body.find("Wrong user name or password"), std::string::npos);
    EXPECT_FALSE(c.cookies().count("hymy_session"));
    auto page = c.get("/");
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 303);
  }
}

TEST_F(DashboardTest, SignInWithoutTheFormTokenIsRefused) {
  WebClient c = web();
  auto r = c.post_form("/login", {{"user", kAdmin}, {"password", kPassword}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_FALSE(c.cookies().count("hymy_session"));
  c.get("/login");  // now holds a form cookie, but sends another token
  r = c.post_form("/login", {{"csrf", std::string(64, 'a')}, {"user", kAdmin}, {"password", kPassword}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_FALSE(c.cookies().count("hymy_session"));
}

TEST_F(DashboardTest, RepeatedFailuresDelayThatAccountFromThatAddress) {
  WebClient c = web();
  for (int i = 0; i < 5; ++i) {
    auto r = c.login(kViewer, "not the password");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 401) << i;
  }
  // Now even the right password is refused until the delay has passed.
  auto locked = c.login(kViewer, kPassword);
  ASSERT_TRUE(locked);
  EXPECT_EQ(locked->status, 429);
  EXPECT_FALSE(locked->get_header_value("Retry-After").empty());
  EXPECT_FALSE(c.cookies().count("hymy_session"));
  // Another user is not locked by victor's failures (the address is still below its own limit).
  EXPECT_EQ(web().login(kAdmin, kPassword)->status, 303);

  now_ms_ += 3'000;  // past the first delay (2 s)
  auto wrong_again = c.login(kViewer, "still not it");
  ASSERT_TRUE(wrong_again);
  EXPECT_EQ(wrong_again->status, 401);
  now_ms_ += 3'000;  // the second delay is 4 s
  EXPECT_EQ(c.login(kViewer, kPassword)->status, 429);
  now_ms_ += 2'000;
  auto ok = c.login(kViewer, kPassword);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 303);
}

TEST_F(DashboardTest, ManyFailuresFromOneAddressAreLimitedAcrossUserNames) {
  for (int i = 0; i < 8; ++i) {
    auto r = web().login("guess-" + std::to_string(i), "password-" + std::to_string(i));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 401) << i;
  }
  auto r = web().login(kAdmin, kPassword);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 429);
}

TEST_F(DashboardTest, SimultaneousGuessesCheckAtMostTheBudget) {
  // An account with a slow hash, so that the guesses overlap while their passwords are checked.
  User director;
  director.name = "director";
  director.role = Role::admin;
  director.password_hash = hash_password(kPassword, 100'000);
  store_->add_user(director);
  constexpr std::size_t kGuesses = 16;
  std::vector<WebClient> clients(kGuesses, web());
  for (WebClient& c : clients) ASSERT_EQ(c.get("/login")->status, 200);
  std::latch start(static_cast<std::ptrdiff_t>(kGuesses));
  std::vector<int> status(kGuesses, 0);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < kGuesses; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      auto r = clients[i].post_form("/login", {{"csrf", clients[i].csrf()}, {"user", "director"},
                                               {"password", "guess " + std::to_string(i)}});
      status[i] = r ? r->status : -1;
    });
  }
  for (auto& t : threads) t.join();
  const auto checked = std::count(status.begin(), status.end(), 401);
  const auto refused = std::count(status.begin(), status.end(), 429);
  EXPECT_GE(checked, 1);
  EXPECT_LE(checked, 5);  // the per (account, address) budget
  EXPECT_EQ(static_cast<std::size_t>(checked + refused), kGuesses);
}

TEST(SessionCookie, IsSecureUnderTlsAndParsedFromAnyCookieHeader) {
  EXPECT_EQ(cookie_header("hymy_session", "abc", 60, true),
            "hymy_session=abc; Path=/; Max-Age=60; HttpOnly; SameSite=Strict; Secure");
  EXPECT_EQ(cookie_header("hymy_session", "abc", 60, false).find("Secure"), std::string::npos);
  httplib::Request req;
  req.headers.emplace("Cookie", "other=1; hymy_session_x=2");
  req.headers.emplace("Cookie", " hymy_session = tok ; last=3");
  EXPECT_EQ(cookie_value(req, "hymy_session"), "tok");
  EXPECT_EQ(cookie_value(req, "last"), "3");
  EXPECT_FALSE(cookie_value(req, "missing"));
}

TEST_F(DashboardTest, PostsWithoutTheSessionsCsrfTokenAreRefused) {
  WebClient c = signed_in(kAdmin);
  const std::string valid = R"({"unit": "unit-a", "version": 1, "languages": ["fi"], "default_language": "fi",
    "questions": [{"id": "visit", "text": {"fi": "Miten meni?"}, "kind": "rating4",
    "follow_up": {"ask": "never"}, "schedule": [], "enabled": true}]})";
  for (const std::string& token : {std::string(), std::string(64, '0'), c.cookies().at("hymy_session")}) {
    auto r = c.post_form("/units/unit-a/question-set", {{"csrf", token}, {"json", valid}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403);
  }
  EXPECT_EQ(store_->latest_question_set("unit-a")->set.version, 1);  // nothing published
  auto logout = c.post_form("/logout", {});
  ASSERT_TRUE(logout);
  EXPECT_EQ(logout->status, 403);
  EXPECT_EQ(c.get("/")->status, 200);  // still signed in
}

TEST_F(DashboardTest, SignOutEndsTheSessionOnTheServer) {
  WebClient c = signed_in(kAdmin);
  const std::string cookie = c.cookies().at("hymy_session");
  auto r = c.post_form("/logout", {{"csrf", c.csrf()}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 303);
  EXPECT_EQ(r->get_header_value("Location"), "/login");
  EXPECT_FALSE(c.cookies().count("hymy_session"));
  // The old cookie, replayed, is worthless.
  c.cookies()["hymy_session"] = cookie;
  EXPECT_EQ(c.get("/")->status, 303);
}

TEST_F(DashboardTest, SessionsExpire) {
  WebClient c = signed_in(kViewer);
  now_ms_ += 13LL * 60 * 60 * 1000;
  EXPECT_EQ(c.get("/")->status, 303);
}

TEST_F(DashboardTest, EveryPageCarriesTheSecurityHeaders) {
  WebClient c = signed_in(kAdmin);
  for (const std::string path : {"/login", "/", "/units/unit-a", "/compare", "/units/unit-b/question-set",
                                 "/units/unit-a/export/daily.csv", "/units/nope"}) {
    auto r = c.get(path);
    ASSERT_TRUE(r) << path;
    const std::string csp = r->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << path;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << path;
    EXPECT_EQ(r->get_header_value("X-Frame-Options"), "DENY") << path;
    EXPECT_EQ(r->get_header_value("Referrer-Policy"), "no-referrer") << path;
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff") << path;
  }
}

TEST_F(DashboardTest, AViewerSeesOnlyTheirUnitsPagesAndExports) {
  WebClient c = signed_in(kViewer);
  auto overview = c.get("/");
  ASSERT_TRUE(overview);
  EXPECT_NE(overview->body.find("/units/unit-a"), std::string::npos);
  EXPECT_EQ(overview->body.find("unit-b"), std::string::npos);
  EXPECT_EQ(c.get("/units/unit-a")->status, 200);
  EXPECT_EQ(c.get("/units/unit-a/export/responses.csv")->status, 200);
  for (const std::string path : {"/units/unit-b", "/units/unit-b/export/responses.csv",
                                 "/units/unit-b/export/daily.csv", "/units/unit-b/export/fhir.json",
                                 "/compare?unit=unit-b", "/compare?unit=unit-a&unit=unit-b",
                                 "/units/no-such-unit", "/units/unit-a/question-set"}) {
    auto r = c.get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 403) << path;
    EXPECT_EQ(r->body.find("tablet-b"), std::string::npos) << path;
  }
  auto compare = c.get("/compare");
  ASSERT_TRUE(compare);
  EXPECT_EQ(compare->status, 200);
  EXPECT_EQ(compare->body.find("unit-b"), std::string::npos);
  // Nor may a viewer publish, even with a valid token.
  auto post = c.post_form("/units/unit-a/question-set", {{"csrf", c.csrf()}, {"json", "{}"}});
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 403);
}

TEST_F(DashboardTest, AnAdminGetsNotFoundForAnUnknownUnit) {
  WebClient c = signed_in(kAdmin);
  EXPECT_EQ(c.get("/units/no-such-unit")->status, 404);
  EXPECT_EQ(c.get("/units/no-such-unit/export/fhir.json")->status, 404);
}

}  // namespace
}  // namespace hymy::hq::test

namespace hymy::hq::test {
namespace {

// The dashboard behind a reverse proxy on 127.0.0.1: the test client plays the proxy.
class DashboardBehindProxyTest : public DashboardTest {
 protected:
  DashboardOptions dashboard_options() override {
    DashboardOptions options = DashboardTest::dashboard_options();
    options.trusted_proxies = TrustedProxies::parse({"127.0.0.1/32"});
    return options;
  }
};

WebClient forwarded_for(WebClient c, const std::string& address) {
  c.set_header("X-Forwarded-For", address);
  return c;
}

// Eight wrong guesses at made-up names from `address`: the per-address budget.
void exhaust_budget(const WebClient& from) {
  for (int i = 0; i < 8; ++i) {
    WebClient c = from;
    auto r = c.login("guess-" + std::to_string(i), "password-" + std::to_string(i));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 401) << i;
  }
}

TEST_F(DashboardBehindProxyTest, ThrottlesTheClientNamedByTheTrustedProxy) {
  const WebClient attacker = forwarded_for(web(), "203.0.113.9");
  exhaust_budget(attacker);
  WebClient again = attacker;
  EXPECT_EQ(again.login(kAdmin, kPassword)->status, 429);
  // The director behind the same proxy is another client.
  WebClient director = forwarded_for(web(), "198.51.100.7");
  EXPECT_EQ(director.login(kAdmin, kPassword)->status, 303);
}

TEST_F(DashboardTest, IgnoresForwardedForWithoutATrustedProxy) {
  exhaust_budget(forwarded_for(web(), "203.0.113.9"));
  // Without --trusted-proxy both are the peer 127.0.0.1, whose budget is spent.
  WebClient director = forwarded_for(web(), "198.51.100.7");
  EXPECT_EQ(director.login(kAdmin, kPassword)->status, 429);
}

}  // namespace
}  // namespace hymy::hq::test

namespace hymy::hq::test {
namespace {

// HQ speaks plain HTTP behind a TLS-terminating proxy reached at an https address.
class DashboardBehindHttpsTest : public DashboardTest {
 protected:
  DashboardOptions dashboard_options() override {
    DashboardOptions options = DashboardTest::dashboard_options();
    options.public_url = PublicUrl::parse("https://hq.example.fi");
    return options;
  }
};

// Every cookie the sign-in form and a successful sign-in set.
std::vector<std::string> sign_in_cookies(WebClient c) {
  std::vector<std::string> all;
  auto form = c.get("/login");
  if (form) all = set_cookies(*form);
  auto signed_in = c.login(kAdmin, kPassword);
  if (signed_in) {
    for (auto& h : set_cookies(*signed_in)) all.push_back(h);
  }
  return all;
}

TEST_F(DashboardBehindHttpsTest, CookiesAreSecure) {
  const auto cookies = sign_in_cookies(web());
  ASSERT_GE(cookies.size(), 3u);
  for (const auto& h : cookies) EXPECT_NE(h.find("; Secure"), std::string::npos) << h;
}

TEST_F(DashboardTest, CookiesAreNotSecureOverPlainHttpWithoutAPublicUrl) {
  const auto cookies = sign_in_cookies(web());
  ASSERT_GE(cookies.size(), 3u);
  for (const auto& h : cookies) EXPECT_EQ(h.find("Secure"), std::string::npos) << h;
}

}  // namespace
}  // namespace hymy::hq::test
