// The dashboard in a real browser: headless Chromium signs in through the form, the overview and
// a unit page render the seeded figures (as hymy::compute_figures gives them) with their SVG
// charts and the stylesheet applied, a viewer meets a 403 page, and screenshots are taken. Set
// HYMY_SCREENSHOT_DIR to keep the screenshots (the README's come from here). Skips only when no
// Chromium is installed.
#include <gtest/gtest.h>

#include <fstream>

#include "api/device_api.hpp"
#include "chromium_driver.hpp"
#include "dashboard/dashboard_routes.hpp"
#include "dashboard/demo_seed.hpp"
#include "dashboard/html.hpp"
#include "hq_test_support.hpp"
#include "store/sqlite_hq_store.hpp"

namespace hymy::hq::test {
namespace {

using hymy::testing::Chromium;
using nlohmann::json;

constexpr std::int64_t kNow = 1'795'528'800'000;  // Tuesday 2026-11-24 14:00 UTC, 16:00 in Helsinki
constexpr const char* kDemoPassword = "demo password for the browser";

class BrowserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto binary = Chromium::find();
    if (!binary) GTEST_SKIP() << "Chromium is not installed (apt-get install chromium); the browser test needs it";
    binary_ = *binary;
    dir_ = std::make_unique<TempDir>();
    store_ = open_sqlite_hq_store((dir_->path() / "data").string(), {.synchronous_full = false});
    DemoSeedOptions seed;
    seed.now_ms = kNow;
    seed.days = 42;
    seed.password = kDemoPassword;
    seed.password_iterations = 1000;
    seeded_ = seed_demo_data(*store_, seed);

    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 4;
    server_ = std::make_unique<HqServer>(options);
    DeviceApiOptions api;
    api.clock = [] { return kNow; };
    register_health(*server_, *store_, api);
    register_device_api(*server_, *store_, api);
    DashboardOptions dashboard;
    dashboard.clock = [] { return kNow; };
    dashboard.unknown_user_iterations = 1000;
    register_dashboard(*server_, *store_, dashboard);
    port_ = server_->bind();
    thread_ = std::thread([this] { server_->run(); });
    ASSERT_TRUE(server_->wait_until_running(std::chrono::seconds(10)));
    std::filesystem::create_directories(dir_->path() / "profile");
    browser_ = std::make_unique<Chromium>(binary_, dir_->path() / "profile", 1280, 900);
  }

  void TearDown() override {
    browser_.reset();
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
    store_.reset();
    dir_.reset();
  }

  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

  void sign_in(const std::string& user) {
    browser_->navigate(url("/login"));
    browser_->evaluate("document.querySelector('input[name=user]').value = " + json(user).dump() +
                       "; document.querySelector('input[name=password]').value = " + json(kDemoPassword).dump() +
                       "; document.querySelector('form button[type=submit]').click(); true");
    ASSERT_TRUE(browser_->wait_for("location.pathname === '/' && document.readyState === 'complete'",
                                   browser_->timeout()))
        << "sign-in did not reach the overview: " << browser_->evaluate("location.href + ' ' + document.title");
  }

  // Saves a screenshot in the temp dir (and in HYMY_SCREENSHOT_DIR when set); checks it is a PNG.
  void screenshot(const std::string& name, bool full_page) {
    const std::string png = browser_->screenshot_png(full_page, 2000);
    ASSERT_GT(png.size(), 10'000u);
    ASSERT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    std::ofstream(dir_->path() / name, std::ios::binary) << png;
    if (const char* keep = std::getenv("HYMY_SCREENSHOT_DIR")) {
      std::ofstream out(std::filesystem::path(keep) / name, std::ios::binary);
      out << png;
      ASSERT_TRUE(out.good()) << "cannot write " << keep << "/" << name;
    }
  }

  Figures figures(const std::string& unit, LocalDate first, int days) {
    const TimeZone zone("Europe/Helsinki");
    return compute_figures(unit_answers(*store_, unit), first, days, zone);
  }

  std::string binary_;
  std::unique_ptr<TempDir> dir_;
  std::unique_ptr<HqStore> store_;
  DemoSeedResult seeded_;
  std::unique_ptr<HqServer> server_;
  std::thread thread_;
  int port_ = 0;
  std::unique_ptr<Chromium> browser_;
};

TEST_F(BrowserTest, SignsInAndSeesTheSeededFiguresAndCharts) {
  sign_in(seeded_.admin_user);
  const LocalDate today = TimeZone("Europe/Helsinki").date_of(kNow);

  // The stylesheet loaded despite the strict CSP, and no script was needed.
  EXPECT_EQ(browser_->evaluate("getComputedStyle(document.body).backgroundColor"), "rgb(244, 246, 248)");

  const json rows = browser_->evaluate(
      "[...document.querySelectorAll('table.overview tbody tr')].map(r => ({unit: r.dataset.unit, "
      "cells: [...r.querySelectorAll('td')].map(td => td.textContent.trim())}))");
  ASSERT_EQ(rows.size(), seeded_.unit_ids.size());
  for (const json& row : rows) {
    const std::string unit = row.at("unit");
    const Figures t = figures(unit, today, 1);
    const Figures y = figures(unit, today.plus_days(-1), 1);
    ASSERT_GT(t.current.count, 0) << unit;
    const json& cells = row.at("cells");
    EXPECT_EQ(cells[1], format_count(t.current.count)) << unit;
    EXPECT_EQ(cells[2], format_mean(t.current.mean)) << unit;
    EXPECT_EQ(cells[3], format_share(t.current.share_positive)) << unit;
    EXPECT_EQ(cells[5], format_count(y.current.count)) << unit;
    EXPECT_EQ(cells[6], format_mean(y.current.mean)) << unit;
  }
  EXPECT_EQ(browser_->evaluate("document.querySelectorAll('svg.chart path.spark').length"), 4);
  EXPECT_NE(browser_->evaluate("document.querySelector('#stale-tablets').textContent").get<std::string>().find(
                "kuopio-er-tablet-2"),
            std::string::npos);
  screenshot("dashboard-overview.png", false);

  // A unit page: period tiles, distribution, trend, heat map, comments.
  browser_->navigate(url("/units/kuopio-er"));
  const Figures month = figures("kuopio-er", today.plus_days(-27), 28);
  EXPECT_EQ(browser_->evaluate("document.querySelector('#period-28 .big').firstChild.textContent"),
            format_mean(month.current.mean));
  EXPECT_EQ(browser_->evaluate("document.querySelector('#period-28 .count').textContent"),
            format_count(month.current.count));
  for (int rating = 1; rating <= 4; ++rating) {
    EXPECT_EQ(browser_->evaluate("Number(document.querySelector('#distribution rect.bar[data-rating=\"" +
                                 std::to_string(rating) + "\"]').dataset.count)"),
              month.current.distribution[static_cast<std::size_t>(rating - 1)]);
  }
  // Drawn, not just present: the mean line has a length and the heat map holds the month's answers.
  EXPECT_GT(browser_->evaluate("document.querySelector('#trend path.mean-line').getTotalLength()").get<double>(), 100.0);
  EXPECT_GE(browser_->evaluate("document.querySelectorAll('#trend circle.point').length").get<int>(), 28);
  EXPECT_EQ(browser_->evaluate("[...document.querySelectorAll('#heatmap rect.cell')].reduce((s, c) => s + Number(c.dataset.count), 0)"),
            month.current.count);
  EXPECT_GT(browser_->evaluate("document.querySelector('#distribution svg').getBoundingClientRect().width").get<double>(), 200.0);
  EXPECT_GT(browser_->evaluate("document.querySelectorAll('#comments li.comment.positive').length").get<int>(), 0);
  EXPECT_GT(browser_->evaluate("document.querySelectorAll('#staff li.comment').length").get<int>(), 0);
  screenshot("dashboard-unit.png", true);

  // Signing out through the page's own form, then a viewer meets the 403 page for another unit.
  browser_->evaluate("document.querySelector('.who form button').click(); true");
  ASSERT_TRUE(browser_->wait_for("location.pathname === '/login' && document.readyState === 'complete'",
                                 browser_->timeout()));
  sign_in(seeded_.viewer_user);
  EXPECT_EQ(browser_->evaluate("document.querySelectorAll('table.overview tbody tr').length"), 1);
  browser_->navigate(url("/units/oulu-lab"));
  EXPECT_EQ(browser_->evaluate("document.querySelector('h1').textContent"), "Not your unit");
}

}  // namespace
}  // namespace hymy::hq::test
