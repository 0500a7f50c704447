// Dashboard test fixtures.
#include "dashboard_test_support.hpp"

#include <regex>

#include "api/device_api.hpp"
#include "auth/password_hash.hpp"
#include "hymy/question_set_json.hpp"
#include "store/sqlite_hq_store.hpp"

namespace hymy::hq::test {

std::vector<std::string> set_cookies(const httplib::Response& res) {
  std::vector<std::string> out;
  const auto range = res.headers.equal_range("Set-Cookie");
  for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
  return out;
}

httplib::Client WebClient::client() const {
  httplib::Client c("127.0.0.1", port_);
  c.set_connection_timeout(5);
  c.set_read_timeout(20);
  c.set_write_timeout(20);
  return c;
}

httplib::Headers WebClient::cookie_headers() const {
  std::string value;
  for (const auto& [name, v] : cookies_) value += (value.empty() ? "" : "; ") + name + "=" + v;
  httplib::Headers headers(headers_.begin(), headers_.end());
  if (!value.empty()) headers.emplace("Cookie", value);
  return headers;
}

void WebClient::take(const httplib::Result& r) {
  if (!r) return;
  for (const std::string& c : set_cookies(*r)) {
    const auto eq = c.find('=');
    const auto semi = c.find(';');
    const std::string name = c.substr(0, eq);
    const std::string value = c.substr(eq + 1, semi - eq - 1);
    if (c.find("Max-Age=0") != std::string::npos) {
      cookies_.erase(name);
    } else {
      cookies_[name] = value;
    }
  }
  static const std::regex token("name=\"csrf\" value=\"([0-9a-f]{64})\"");
  std::smatch m;
  if (std::regex_search(r->body, m, token)) csrf_ = m[1];
}

httplib::Result WebClient::get(const std::string& path) {
  auto r = client().Get(path, cookie_headers());
  take(r);
  return r;
}

httplib::Result WebClient::post_form(const std::string& path, const httplib::Params& fields) {
  auto r = client().Post(path, cookie_headers(), fields);
  take(r);
  return r;
}

httplib::Result WebClient::post_multipart(const std::string& path, const httplib::MultipartFormDataItems& items) {
  auto r = client().Post(path, cookie_headers(), items);
  take(r);
  return r;
}

httplib::Result WebClient::login(const std::string& user, const std::string& password, const std::string& next) {
  auto page = get("/login");
  if (!page || page->status != 200) return page;
  return post_form("/login", {{"csrf", csrf_}, {"user", user}, {"password", password}, {"next", next}});
}

DashboardOptions DashboardTest::dashboard_options() {
  DashboardOptions options;
  options.clock = [this] { return now_ms_.load(); };
  options.unknown_user_iterations = kTestHashIterations;
  options.login_limits.free_failures_per_account_address = 5;
  options.login_limits.free_failures_per_address = 8;
  return options;
}

void DashboardTest::SetUp() {
  dir_ = std::make_unique<TempDir>();
  store_ = open_sqlite_hq_store(dir_->path().string(), {.synchronous_full = false});
  a_ = enroll(*store_, "unit-a", "tablet-a");
  b_ = enroll(*store_, "unit-b", "tablet-b");
  for (const char* unit : {"unit-a", "unit-b"}) {
    QuestionSet set = parse_question_set(R"({"unit": "x", "version": 1, "languages": ["fi", "en"],
      "default_language": "fi", "questions": [
      {"id": "visit", "text": {"fi": "Kuinka onnistuimme?", "en": "How did we do?"}, "kind": "rating4",
       "follow_up": {"ask": "always"}, "schedule": [], "enabled": true},
      {"id": "waiting-time", "text": {"fi": "Odotusaika?", "en": "Waiting time?"}, "kind": "rating4",
       "follow_up": {"ask": "never"}, "schedule": [], "enabled": true}]})", "test set");
    set.unit_id = unit;
    store_->publish_question_set(set, now_ms_ - 86'400'000LL * 60, "test");
  }
  User admin;
  admin.name = kAdmin;
  admin.role = Role::admin;
  admin.password_hash = hash_password(kPassword, kTestHashIterations);
  store_->add_user(admin);
  User viewer;
  viewer.name = kViewer;
  viewer.role = Role::viewer;
  viewer.unit_ids = {"unit-a"};
  viewer.password_hash = hash_password(kPassword, kTestHashIterations);
  store_->add_user(viewer);

  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = 16;  // enough for the simultaneous sign-in guesses to overlap
  server_ = std::make_unique<HqServer>(options);
  DeviceApiOptions api;
  api.clock = [this] { return now_ms_.load(); };
  register_health(*server_, *store_, api);
  register_device_api(*server_, *store_, api);
  register_dashboard(*server_, *store_, dashboard_options());
  port_ = server_->bind();
  thread_ = std::thread([this] { server_->run(); });
  ASSERT_TRUE(server_->wait_until_running(std::chrono::seconds(10)));
}

void DashboardTest::TearDown() {
  if (server_) {
    server_->wait_until_running(std::chrono::seconds(10));
    server_->stop();
  }
  if (thread_.joinable()) thread_.join();
  server_.reset();
  store_.reset();
  dir_.reset();
}

WebClient DashboardTest::signed_in(const std::string& user) {
  WebClient c = web();
  auto r = c.login(user, kPassword);
  EXPECT_TRUE(r && r->status == 303) << (r ? r->body : httplib::to_string(r.error()));
  EXPECT_TRUE(c.cookies().count("hymy_session"));
  auto page = c.get("/");  // fetches the session's CSRF token
  EXPECT_TRUE(page && page->status == 200);
  return c;
}

void DashboardTest::ingest_a(const std::vector<Response>& rows) {
  std::vector<Response> filled = rows;
  for (Response& r : filled) {
    r.device_id = a_.device.id;
    r.unit_id = a_.device.unit_id;
  }
  IngestContext context;
  context.device_id = a_.device.id;
  context.received_at_ms = now_ms_;
  const IngestOutcome out = store_->ingest(filled, context);
  ASSERT_EQ(out.accepted.size(), rows.size());
}

std::int64_t DashboardTest::local_noon(int days_back, int minutes) const {
  return now_ms_ - std::int64_t{days_back} * 86'400'000 + std::int64_t{minutes} * 60'000;
}

}  // namespace hymy::hq::test
