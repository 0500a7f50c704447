// The device API's GET routes and the health routes against the real server: question set with
// ETag, figures and daily counts for the token's own unit/device only, /healthz and /metrics.
#include <nlohmann/json.hpp>

#include "hq_test_support.hpp"
#include "hymy/local_time.hpp"

namespace hymy::hq::test {
namespace {

using nlohmann::json;

QuestionSet one_question_set(const std::string& unit, std::int64_t version) {
  QuestionSet set;
  set.unit_id = unit;
  set.version = version;
  set.languages = {"fi", "en"};
  set.default_language = "fi";
  Question q;
  q.id = "visit";
  q.text = {{"fi", "Miten onnistuimme?"}, {"en", "How did we do?"}};
  set.questions = {q};
  return set;
}

class DeviceApiTest : public HqServerTest {};

TEST_P(DeviceApiTest, QuestionSetIs404UntilPublishedThenServedWithEtagAnd304) {
  auto res = client().Get("/v1/question-set", auth(a_.token));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);

  store_->publish_question_set(one_question_set("unit-a", 5), now_ms_, "test");
  res = client().Get("/v1/question-set", auth(a_.token));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("ETag"), "\"v5\"");
  EXPECT_EQ(json::parse(res->body)["version"], 5);

  auto headers = auth(a_.token);
  headers.emplace("If-None-Match", "\"v5\"");
  res = client().Get("/v1/question-set", headers);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 304);
  EXPECT_TRUE(res->body.empty());

  // A new version makes the old ETag stale; the other unit still has none.
  store_->publish_question_set(one_question_set("unit-a", 5), now_ms_, "test");
  res = client().Get("/v1/question-set", headers);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("ETag"), "\"v6\"");
  res = client().Get("/v1/question-set", auth(b_.token));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
}

TEST_P(DeviceApiTest, FiguresCoverTheDevicesWholeUnitOnly) {
  // Helsinki is UTC+2 in November: local 2026-11-23 starts at 2026-11-22T22:00Z.
  const std::int64_t day_start = 1'795'384'800'000;
  auto c = enroll(*store_, "unit-a", "tablet-a2");
  post_rows(a_.token, {make_response(day_start + 3'600'000, 4), make_response(day_start + 3'600'001, 3)}, now_ms_);
  post_rows(c.token, {make_response(day_start + 7'200'000, 2)}, now_ms_);
  post_rows(b_.token, {make_response(day_start + 7'200'001, 1)}, now_ms_);
  post_rows(a_.token, {make_response(day_start - 1, 1)}, now_ms_);  // the day before, locally

  auto res = client().Get("/v1/figures?date=2026-11-23", auth(a_.token));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const auto figures = protocol::decode_figures(res->body);
  EXPECT_EQ(figures.unit_id, "unit-a");
  EXPECT_EQ(figures.current.count, 3);
  EXPECT_EQ(figures.current.distribution, (std::array<std::int64_t, 4>{0, 1, 1, 1}));
  EXPECT_EQ(figures.previous.count, 1);
  EXPECT_EQ(figures.computed_at_ms, now_ms_);
}

TEST_P(DeviceApiTest, FiguresValidateTheDate) {
  for (const std::string q : {"", "?date=", "?date=2026-13-01", "?date=23.11.2026", "?date=2026-02-30"}) {
    auto res = client().Get("/v1/figures" + q, auth(a_.token));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << q;
    EXPECT_NE(json::parse(res->body)["error"].get<std::string>().find("date"), std::string::npos) << q;
  }
}

// Dates at the edge of the calendar (where the previous period or the next day overflows) are a
// 400 naming the parameter, never a 500; the range ends themselves answer.
TEST_P(DeviceApiTest, DatesOutsideTheSupportedRangeAre400NamingTheParameter) {
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"/v1/figures?date=9999-12-31", "date: 9999-12-31 is outside the supported dates"},
      {"/v1/figures?date=0001-01-01", "date: 0001-01-01 is outside the supported dates"},
      {"/v1/figures?date=2200-01-01", "date: 2200-01-01 is outside"},
      {"/v1/daily-counts?from=9999-12-01&to=9999-12-31", "from: 9999-12-01 is outside"},
      {"/v1/daily-counts?from=2199-12-01&to=9999-12-31", "to: 9999-12-31 is outside"},
      {"/v1/daily-counts?from=1999-12-31&to=2000-01-02", "from: 1999-12-31 is outside"}};
  for (const auto& [path, message] : refused) {
    auto res = client().Get(path, auth(a_.token));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << path;
    EXPECT_NE(json::parse(res->body)["error"].get<std::string>().find(message), std::string::npos)
        << path << ": " << res->body;
  }
  for (const std::string path : {"/v1/figures?date=2199-12-31", "/v1/figures?date=2000-01-01",
                                 "/v1/daily-counts?from=2199-12-01&to=2199-12-31",
                                 "/v1/daily-counts?from=2000-01-01&to=2000-01-02"}) {
    auto res = client().Get(path, auth(a_.token));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << path << ": " << res->body;
  }
}

TEST_P(DeviceApiTest, AskingForAnotherUnitOrDeviceIs403) {
  auto res = client().Get("/v1/figures?date=2026-11-23&unit=unit-b", auth(a_.token));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  res = client().Get("/v1/question-set?unit=unit-b", auth(a_.token));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  res = client().Get("/v1/daily-counts?from=2026-11-01&to=2026-11-02&device=tablet-b", auth(a_.token));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  // Naming its own unit is fine.
  res = client().Get("/v1/figures?date=2026-11-23&unit=unit-a", auth(a_.token));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST_P(DeviceApiTest, GetRoutesNeedAValidToken) {
  for (const std::string path : {"/v1/question-set", "/v1/figures?date=2026-11-23",
                                 "/v1/daily-counts?from=2026-11-01&to=2026-11-02"}) {
    auto res = client().Get(path, auth("wrong"));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401) << path;
    res = client().Get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401) << path;
  }
}

TEST_P(DeviceApiTest, DailyCountsAreThisDevicesPerUtcDay) {
  const std::int64_t nov21 = 1'795'219'200'000;  // 2026-11-21T00:00Z
  const std::int64_t day = 86'400'000;
  post_rows(a_.token, {make_response(nov21 + 1), make_response(nov21 + day - 1), make_response(nov21 + day)}, now_ms_);
  auto c = enroll(*store_, "unit-a", "tablet-a2");
  post_rows(c.token, {make_response(nov21 + 5)}, now_ms_);

  auto res = client().Get("/v1/daily-counts?from=2026-11-20&to=2026-11-22", auth(a_.token));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const json counts = json::parse(res->body)["counts"];
  EXPECT_EQ(counts, json::parse(R"({"2026-11-20": 0, "2026-11-21": 2, "2026-11-22": 1})"));
}

TEST_P(DeviceApiTest, DailyCountsValidateTheRange) {
  for (const std::string q : {"?from=2026-11-20", "?from=2026-11-20&to=2026-11-19",
                              "?from=2026-01-01&to=2026-12-31", "?from=x&to=2026-11-19"}) {
    auto res = client().Get("/v1/daily-counts" + q, auth(a_.token));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << q;
  }
}

TEST_P(DeviceApiTest, HealthzAnswersOk) {
  auto res = client().Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(json::parse(res->body)["status"], "ok");
}

TEST_P(DeviceApiTest, MetricsCountBatchesRowsLatencyAndLastSeen) {
  const Response r = make_response(now_ms_ - 1000);
  post_rows(a_.token, {r}, now_ms_);
  post_rows(a_.token, {r}, now_ms_);
  post_batch(a_.token, "junk");
  now_ms_ += 30'000;
  auto res = client().Get("/metrics");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const std::string& m = res->body;
  EXPECT_NE(m.find("hymy_hq_batches_total 2\n"), std::string::npos) << m;
  EXPECT_NE(m.find("hymy_hq_rows_total{outcome=\"accepted\"} 1\n"), std::string::npos);
  EXPECT_NE(m.find("hymy_hq_rows_total{outcome=\"duplicate\"} 1\n"), std::string::npos);
  EXPECT_NE(m.find("hymy_hq_batches_refused_total{status=\"400\"} 1\n"), std::string::npos);
  EXPECT_NE(m.find("hymy_hq_request_duration_seconds_count{route=\"batches\"} 3\n"), std::string::npos);
  EXPECT_NE(m.find("hymy_hq_device_last_seen_age_seconds{device=\"tablet-a\",unit=\"unit-a\"} 30\n"),
            std::string::npos);
  EXPECT_EQ(m.find("device=\"tablet-b\""), std::string::npos);  // never seen
}

TEST_P(DeviceApiTest, UnknownPathIs404WithJsonError) {
  auto res = client().Get("/v1/nothing");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_TRUE(json::parse(res->body).contains("error"));
}

INSTANTIATE_TEST_SUITE_P(Backends, DeviceApiTest, kBackends, backend_name);

}  // namespace
}  // namespace hymy::hq::test
