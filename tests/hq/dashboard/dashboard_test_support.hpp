// Fixtures of the dashboard's tests: the real HQ server (device API + dashboard) on an ephemeral
// loopback port with a settable clock, two units, an admin and a viewer, and a small cookie-keeping
// client that signs in through the real form.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "dashboard/dashboard_routes.hpp"
#include "hq_test_support.hpp"

namespace hymy::hq::test {

inline constexpr const char* kAdmin = "alice";
inline constexpr const char* kViewer = "victor";  // sees unit-a only
inline constexpr const char* kPassword = "correct horse battery";
inline constexpr int kTestHashIterations = 1000;  // fast in tests; production uses the default

// Keeps cookies like a browser (for one host) and reads the CSRF token from the last page.
class WebClient {
 public:
  explicit WebClient(int port) : port_(port) {}
  httplib::Result get(const std::string& path);
  httplib::Result post_form(const std::string& path, const httplib::Params& fields);
  httplib::Result post_multipart(const std::string& path, const httplib::MultipartFormDataItems& items);
  // GET /login, then POST the form with its token; returns the POST's result.
  httplib::Result login(const std::string& user, const std::string& password, const std::string& next = "/");
  // The csrf field of the last HTML page fetched ("" if none).
  const std::string& csrf() const { return csrf_; }
  // A header sent with every request from now on (e.g. what a proxy adds).
  void set_header(const std::string& name, const std::string& value) { headers_[name] = value; }
  std::map<std::string, std::string>& cookies() { return cookies_; }

 private:
  httplib::Client client() const;
  httplib::Headers cookie_headers() const;
  void take(const httplib::Result& r);

  int port_;
  std::map<std::string, std::string> cookies_;
  std::map<std::string, std::string> headers_;
  std::string csrf_;
};

// Every Set-Cookie header of a response.
std::vector<std::string> set_cookies(const httplib::Response& res);

class DashboardTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  WebClient web() const { return WebClient(port_); }
  // A client signed in as `user` (asserts that sign-in worked).
  WebClient signed_in(const std::string& user);
  // Stores rows for unit-a's tablet as if uploaded now.
  void ingest_a(const std::vector<Response>& rows);
  // Local noon today (Helsinki) minus `days_back` days, plus `minutes`.
  std::int64_t local_noon(int days_back, int minutes = 0) const;

  virtual DashboardOptions dashboard_options();

  std::atomic<std::int64_t> now_ms_{1'795'428'000'000};  // Monday 2026-11-23 12:00 Helsinki
  std::unique_ptr<TempDir> dir_;
  std::unique_ptr<HqStore> store_;
  std::unique_ptr<HqServer> server_;
  std::thread thread_;
  int port_ = 0;
  Enrolled a_;
  Enrolled b_;
};

}  // namespace hymy::hq::test
