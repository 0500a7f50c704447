// `hymy-hq retention`, `response erase` and `demo-seed`, run as the real binary on a temp --data.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>

#include "dashboard/demo_seed.hpp"
#include "hq_test_support.hpp"
#include "hymy/clock.hpp"
#include "store/sqlite_hq_store.hpp"

namespace hymy::hq::test {
namespace {

std::string quote(const std::string& s) {
  std::string q = "'";
  for (const char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

class DataCommandsTest : public ::testing::Test {
 protected:
  // Exit code; stdout into `out`. The child's stderr is kept in the temp dir.
  int run(const std::vector<std::string>& args, std::string* out = nullptr) {
    std::string cmd = quote(HYMY_HQ_BINARY);
    for (const auto& a : args) cmd += " " + quote(a);
    cmd += " </dev/null 2>" + quote((dir_.path() / "stderr.txt").string());
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return -1;
    std::string text;
    char buf[4096];
    for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) text.append(buf, n);
    const int status = pclose(p);
    if (out) *out = text;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string data() const { return (dir_.path() / "data").string(); }

  // Two responses with comments in unit-a: one 40 days old, one 2 days old.
  void seed_two() {
    std::filesystem::create_directories(data());
    auto store = open_sqlite_hq_store(data(), {.synchronous_full = false});
    const Enrolled e = enroll(*store, "unit-a", "tablet-a");
    old_ = make_response(now_ms() - 40LL * 86'400'000, 2);
    old_.comment = "vanha kommentti";
    recent_ = make_response(now_ms() - 2LL * 86'400'000, 4);
    recent_.comment = "tuore kommentti";
    for (Response* r : {&old_, &recent_}) {
      r->device_id = e.device.id;
      r->unit_id = "unit-a";
    }
    IngestContext context;
    context.device_id = e.device.id;
    context.received_at_ms = now_ms();
    ASSERT_EQ(store->ingest({old_, recent_}, context).accepted.size(), 2u);
  }

  TempDir dir_;
  Response old_, recent_;
};

TEST_F(DataCommandsTest, RetentionErasesOnlyOldComments) {
  seed_two();
  std::string out;
  ASSERT_EQ(run({"retention", "--data", data(), "--comments-older-than-days", "30"}, &out), 0);
  EXPECT_NE(out.find("erased the comments of 1 responses"), std::string::npos) << out;
  auto store = open_sqlite_hq_store(data());
  const auto old_row = store->response(old_.id);
  ASSERT_TRUE(old_row);
  EXPECT_FALSE(old_row->response.comment);
  EXPECT_EQ(old_row->response.rating, 2);  // the rating stays
  EXPECT_EQ(store->response(recent_.id)->response.comment, "tuore kommentti");
  EXPECT_NE(run({"retention", "--data", data(), "--comments-older-than-days", "0"}), 0);
}

TEST_F(DataCommandsTest, ResponseEraseRemovesOneResponseAndSaysSoWhenMissing) {
  seed_two();
  ASSERT_EQ(run({"response", "erase", "--data", data(), old_.id}), 0);
  auto store = open_sqlite_hq_store(data());
  EXPECT_FALSE(store->response(old_.id));
  EXPECT_TRUE(store->response(recent_.id));
  store.reset();
  EXPECT_EQ(run({"response", "erase", "--data", data(), old_.id}), 1);
}

TEST_F(DataCommandsTest, DemoSeedFillsAnEmptyDirectoryOnly) {
  std::filesystem::create_directories(data());
  const auto pw = dir_.path() / "pw";
  std::ofstream(pw) << "orchard lantern quietly 1\n";
  std::string out;
  ASSERT_EQ(run({"demo-seed", "--data", data(), "--days", "14", "--password-file", pw.string()}, &out), 0);
  EXPECT_NE(out.find("demo-admin"), std::string::npos);
  {
    auto store = open_sqlite_hq_store(data());
    EXPECT_EQ(store->units().size(), 4u);
    EXPECT_GT(store->count_responses({}), 500);
    const auto viewer = store->user("demo-viewer");
    ASSERT_TRUE(viewer);
    EXPECT_EQ(viewer->role, Role::viewer);
    EXPECT_EQ(viewer->unit_ids.size(), 1u);
  }
  EXPECT_EQ(run({"demo-seed", "--data", data(), "--password-file", pw.string()}), 1);  // not twice
}

TEST_F(DataCommandsTest, DemoSeedRefusesAWeakPassword) {
  std::filesystem::create_directories(data());
  const auto pw = dir_.path() / "pw";
  std::ofstream(pw) << "password1234\n";
  EXPECT_EQ(run({"demo-seed", "--data", data(), "--password-file", pw.string()}), 1);
  EXPECT_FALSE(open_sqlite_hq_store(data())->user("demo-admin"));
}

TEST(DemoSeed, GivesAPlausibleMeanAndCommentsInThreeLanguages) {
  TempDir dir;
  auto store = open_sqlite_hq_store(dir.path().string(), {.synchronous_full = false});
  DemoSeedOptions options;
  options.now_ms = 1'795'428'000'000;
  options.days = 28;
  options.password = "orchard lantern quietly 1";
  options.password_iterations = 1000;
  const DemoSeedResult result = seed_demo_data(*store, options);
  const TimeZone zone("Europe/Helsinki");
  const LocalDate today = zone.date_of(options.now_ms);
  bool sv = false, en = false;
  for (const std::string& unit : result.unit_ids) {
    const Figures f = compute_figures(unit_answers(*store, unit), today.plus_days(-27), 28, zone);
    EXPECT_GT(f.current.count, 200) << unit;
    ASSERT_TRUE(f.current.mean);
    EXPECT_GT(*f.current.mean, 3.0) << unit;
    EXPECT_LT(*f.current.mean, 3.9) << unit;
    EXPECT_GT(f.current.staff_recorded, 0) << unit;
    for (const Comment& c : f.comments) {
      sv = sv || c.text.find("Tack") != std::string::npos || c.text.find("tack") != std::string::npos;
      en = en || c.text.find("thank") != std::string::npos || c.text.find("staff") != std::string::npos;
    }
  }
  EXPECT_TRUE(sv);
  EXPECT_TRUE(en);
  EXPECT_THROW(seed_demo_data(*store, options), std::invalid_argument);
}

}  // namespace
}  // namespace hymy::hq::test
