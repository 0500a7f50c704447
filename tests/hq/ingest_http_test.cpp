// POST /v1/batches against the real server: acceptance, idempotency, conflicts, every invalid
// field, size limits, gzip, tokens, and a device never writing outside its own unit.
#include <nlohmann/json.hpp>

#include "hq_test_support.hpp"
#include "hymy/uuid.hpp"

namespace hymy::hq::test {
namespace {

using nlohmann::json;

constexpr std::int64_t kMinute = 60'000;

class IngestHttpTest : public HqServerTest {
 protected:
  std::int64_t t0() const { return now_ms_ - 60 * kMinute; }

  json row_json(const Response& r) {
    protocol::Batch b;
    b.sent_at_ms = now_ms_;
    b.responses = {r};
    return json::parse(protocol::encode_batch(b))["responses"][0];
  }
  // Posts one row as JSON after `edit` changed it; returns the reply.
  protocol::BatchReply post_edited(const std::function<void(json&)>& edit) {
    json row = row_json(make_response(t0()));
    edit(row);
    json body = {{"sent_at_ms", now_ms_.load()}, {"responses", json::array({row})}};
    auto res = post_batch(a_.token, body.dump());
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, 200) << res->body;
    return protocol::decode_reply(res->body);
  }
};

TEST_P(IngestHttpTest, StoresAValidBatchUnderTheTokensDeviceAndUnit) {
  std::vector<Response> rows;
  for (int i = 0; i < 5; ++i) rows.push_back(make_response(t0() + i * kMinute, 1 + i % 4));
  rows[2].comment = "Ystävällinen vastaanotto";
  const auto reply = post_rows(a_.token, rows, now_ms_ - 5'000);
  ASSERT_EQ(reply.accepted.size(), 5u);
  EXPECT_TRUE(reply.duplicate.empty());
  EXPECT_TRUE(reply.rejected.empty());
  EXPECT_EQ(reply.server_time_ms, now_ms_);

  const auto stored = store_->response(rows[2].id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->response.unit_id, "unit-a");
  EXPECT_EQ(stored->response.device_id, "tablet-a");
  EXPECT_EQ(stored->response.comment, rows[2].comment);
  EXPECT_EQ(stored->received_at_ms, now_ms_);
  EXPECT_EQ(stored->clock_skew_ms, 5'000);
  const auto device = store_->device("tablet-a");
  ASSERT_TRUE(device);
  EXPECT_EQ(device->last_seen_ms, now_ms_);
  EXPECT_EQ(device->last_clock_skew_ms, 5'000);
}

TEST_P(IngestHttpTest, ResentRowsAreDuplicatesAndNotStoredTwice) {
  std::vector<Response> rows = {make_response(t0()), make_response(t0() + 1)};
  post_rows(a_.token, rows, now_ms_);
  rows.push_back(make_response(t0() + 2));
  const auto reply = post_rows(a_.token, rows, now_ms_);
  EXPECT_EQ(reply.accepted, std::vector<std::string>{rows[2].id});
  EXPECT_EQ(reply.duplicate, (std::vector<std::string>{rows[0].id, rows[1].id}));
  EXPECT_EQ(store_->count_responses({}), 3);
}

TEST_P(IngestHttpTest, SameIdWithOtherContentIsAConflictAndNeverOverwrites) {
  Response r = make_response(t0(), 4);
  post_rows(a_.token, {r}, now_ms_);
  r.rating = 1;
  const auto reply = post_rows(a_.token, {r}, now_ms_);
  ASSERT_EQ(reply.rejected.size(), 1u);
  EXPECT_EQ(reply.rejected[0].id, r.id);
  EXPECT_EQ(reply.rejected[0].reason.rfind("conflict:", 0), 0u) << reply.rejected[0].reason;
  EXPECT_NE(reply.rejected[0].reason.find("rating"), std::string::npos);
  EXPECT_EQ(store_->response(r.id)->response.rating, 4);
}

// A device of another unit reusing an id is refused with one word: nothing about the other
// unit, its device or the answer it holds may reach the sender.
TEST_P(IngestHttpTest, AnIdHeldByAnotherUnitIsRefusedWithoutSayingWhy) {
  Response r = make_response(t0(), 3);
  r.comment = "Lääkäri oli ystävällinen";
  post_rows(a_.token, {r}, now_ms_);
  for (const int rating : {3, 1}) {  // same content and other content alike
    r.rating = rating;
    const auto reply = post_rows(b_.token, {r}, now_ms_);
    ASSERT_EQ(reply.rejected.size(), 1u);
    EXPECT_EQ(reply.rejected[0].id, r.id);
    EXPECT_EQ(reply.rejected[0].reason, "refused");
    EXPECT_TRUE(reply.duplicate.empty());
  }
  EXPECT_EQ(store_->response(r.id)->response.unit_id, "unit-a");
  EXPECT_EQ(store_->response(r.id)->response.rating, 3);
}

TEST_P(IngestHttpTest, AnotherDeviceOfTheSameUnitResendingAnIdIsAConflict) {
  const Response r = make_response(t0(), 3);
  post_rows(a_.token, {r}, now_ms_);
  auto a2 = enroll(*store_, "unit-a", "tablet-a2");
  const auto reply = post_rows(a2.token, {r}, now_ms_);
  ASSERT_EQ(reply.rejected.size(), 1u);
  EXPECT_EQ(reply.rejected[0].reason.rfind("conflict:", 0), 0u) << reply.rejected[0].reason;
  EXPECT_EQ(store_->response(r.id)->response.device_id, "tablet-a");
}

TEST_P(IngestHttpTest, EveryInvalidFieldIsRejectedWithItsName) {
  struct Case {
    const char* field;
    std::function<void(json&)> edit;
  };
  const std::vector<Case> cases = {
      {"id", [](json& r) { r["id"] = "not-a-uuid"; }},
      {"visit_id", [](json& r) { r["visit_id"] = 17; }},
      {"question_id", [](json& r) { r["question_id"] = "has space"; }},
      {"question_set_version", [](json& r) { r["question_set_version"] = -1; }},
      {"rating", [](json& r) { r["rating"] = 7; }},
      {"rating", [](json& r) { r["rating"] = "4"; }},
      {"comment", [](json& r) { r["comment"] = std::string(501, 'x'); }},
      {"comment", [](json& r) { r["comment"] = 5; }},
      {"language", [](json& r) { r["language"] = "finnish"; }},
      {"answered_at_ms", [](json& r) { r["answered_at_ms"] = 12; }},
      {"utc_offset_min", [](json& r) { r["utc_offset_min"] = 5000; }},
      {"flags", [](json& r) { r["flags"] = -1; }},
      {"channel", [](json& r) { r["channel"] = "web"; }},
      {"rating", [](json& r) { r.erase("rating"); }},
  };
  for (const Case& c : cases) {
    const auto reply = post_edited(c.edit);
    ASSERT_EQ(reply.rejected.size(), 1u) << c.field;
    EXPECT_TRUE(reply.accepted.empty()) << c.field;
    EXPECT_NE(reply.rejected[0].reason.find(c.field), std::string::npos)
        << c.field << ": " << reply.rejected[0].reason;
  }
  EXPECT_EQ(store_->count_responses({}), 0);
}

TEST_P(IngestHttpTest, OneBadRowDoesNotBlockTheOthers) {
  std::vector<Response> rows = {make_response(t0()), make_response(t0() + 1),
                                make_response(t0() + 2)};
  rows[1].rating = 9;
  protocol::Batch b{now_ms_, rows};
  json body = json::parse(protocol::encode_batch(b));
  body["responses"][1]["rating"] = 9;
  auto res = post_batch(a_.token, body.dump());
  ASSERT_TRUE(res);
  const auto reply = protocol::decode_reply(res->body);
  EXPECT_EQ(reply.accepted.size(), 2u);
  ASSERT_EQ(reply.rejected.size(), 1u);
  EXPECT_EQ(reply.rejected[0].id, rows[1].id);
}

TEST_P(IngestHttpTest, CommentsAreCleanedAgainAtHq) {
  Response r = make_response(t0());
  r.comment = "\n  Hyvä palvelu  \n";
  post_rows(a_.token, {r}, now_ms_);
  const auto stored = store_->response(r.id);
  ASSERT_TRUE(stored && stored->response.comment);
  EXPECT_EQ(*stored->response.comment, "Hyvä palvelu");
}

TEST_P(IngestHttpTest, AnswersFarInTheFutureAreFlagged) {
  Response ok = make_response(now_ms_ - kMinute);
  Response future = make_response(now_ms_ + 3 * 24 * 60 * kMinute);
  ok.flags = kFlagClockSkew;  // HQ's bit: a device cannot set it
  post_rows(a_.token, {ok, future}, now_ms_);
  EXPECT_EQ(store_->response(ok.id)->response.flags & kFlagClockSkew, 0u);
  EXPECT_NE(store_->response(future.id)->response.flags & kFlagClockSkew, 0u);
}

TEST_P(IngestHttpTest, ABodyClaimingAnotherUnitOrDeviceHasNoEffect) {
  json row = row_json(make_response(t0()));
  row["unit_id"] = "unit-b";
  row["device_id"] = "tablet-b";
  json body = {{"sent_at_ms", now_ms_.load()}, {"unit_id", "unit-b"}, {"device_id", "tablet-b"},
               {"responses", json::array({row})}};
  auto res = post_batch(a_.token, body.dump());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const auto stored = store_->response(row["id"].get<std::string>());
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->response.unit_id, "unit-a");
  EXPECT_EQ(stored->response.device_id, "tablet-a");
  EXPECT_EQ(store_->count_responses({.unit_ids = {"unit-b"}}), 0);
}

TEST_P(IngestHttpTest, UnknownQuestionsAreRejectedOnceTheUnitHasPublishedSets) {
  QuestionSet set;
  set.unit_id = "unit-a";
  set.version = 3;
  set.languages = {"fi"};
  set.default_language = "fi";
  Question q;
  q.id = "visit";
  q.text["fi"] = "Miten onnistuimme?";
  set.questions = {q};
  ASSERT_EQ(store_->publish_question_set(set, now_ms_, "test"), 3);

  Response good = make_response(t0());
  good.question_set_version = 3;
  Response wrong_question = make_response(t0() + 1, 4, "parking");
  wrong_question.question_set_version = 3;
  Response wrong_version = make_response(t0() + 2);
  wrong_version.question_set_version = 2;
  const auto reply = post_rows(a_.token, {good, wrong_question, wrong_version}, now_ms_);
  EXPECT_EQ(reply.accepted, std::vector<std::string>{good.id});
  ASSERT_EQ(reply.rejected.size(), 2u);
  EXPECT_EQ(reply.rejected[0].reason.rfind("question_id:", 0), 0u) << reply.rejected[0].reason;
  EXPECT_EQ(reply.rejected[1].reason.rfind("question_set_version:", 0), 0u) << reply.rejected[1].reason;
  // unit-b has no published set: any question id is accepted as sent.
  const auto other = post_rows(b_.token, {make_response(t0() + 3, 4, "parking")}, now_ms_);
  EXPECT_EQ(other.accepted.size(), 1u);
}

TEST_P(IngestHttpTest, WholeBatchUnreadableIs400) {
  for (const std::string body : {"not json", "{}", R"({"sent_at_ms": 1, "responses": 5})", "[]"}) {
    auto res = post_batch(a_.token, body);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << body;
    EXPECT_TRUE(json::parse(res->body).contains("error"));
  }
}

TEST_P(IngestHttpTest, MoreThanAThousandRowsIs400) {
  std::vector<Response> rows;
  for (int i = 0; i < 1001; ++i) rows.push_back(make_response(t0() + i));
  auto res = post_batch(a_.token, protocol::gzip(protocol::encode_batch({now_ms_, rows})), true);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(store_->count_responses({}), 0);
}

TEST_P(IngestHttpTest, BadGzipIs400) {
  auto res = post_batch(a_.token, "\x1f\x8b this is not deflate data", true);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("error"), std::string::npos);
  std::string truncated = protocol::gzip(protocol::encode_batch({now_ms_, {make_response(t0())}}));
  truncated.resize(truncated.size() - 6);
  res = post_batch(a_.token, truncated, true);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(store_->count_responses({}), 0);
}

TEST_P(IngestHttpTest, GzipBombIsRefused) {
  // 16 MiB of spaces compresses to about 16 KiB: small on the wire, beyond the inflate limit.
  const std::string bomb = protocol::gzip(std::string(16 << 20, ' '));
  ASSERT_LT(bomb.size(), protocol::kMaxBodyBytes);
  auto res = post_batch(a_.token, bomb, true);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
}

TEST_P(IngestHttpTest, UnknownContentEncodingIs415) {
  auto headers = auth(a_.token);
  headers.emplace("Content-Encoding", "br");
  auto res = client().Post("/v1/batches", headers, "xx", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 415);
}

TEST_P(IngestHttpTest, BodyOverOneMebibyteIs413) {
  // The server answers before reading the body and closes: a client still uploading may see the
  // connection reset instead of the 413 (a race in the kernel, not in HQ), never anything else.
  auto res = post_batch(a_.token, std::string((1 << 20) + 1, ' '));
  if (res) {
    EXPECT_EQ(res->status, 413);
  }
  EXPECT_EQ(store_->count_responses({}), 0);
  // A huge declared length is refused before a byte of the body is read.
  const std::string reply = raw_exchange(
      "POST /v1/batches HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + a_.token +
      "\r\nContent-Length: 10000000000\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << reply;
}

TEST_P(IngestHttpTest, ChunkedOrLengthlessUploadsAreRefused) {
  const std::string chunked = raw_exchange(
      "POST /v1/batches HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
  EXPECT_EQ(chunked.rfind("HTTP/1.1 411", 0), 0u) << chunked;
  const std::string no_length =
      raw_exchange("POST /v1/batches HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(no_length.rfind("HTTP/1.1 411", 0), 0u) << no_length;
}

TEST_P(IngestHttpTest, WrongMissingOrRevokedTokenIs401) {
  const std::string body = protocol::encode_batch({now_ms_, {make_response(t0())}});
  auto res = post_batch("0123456789abcdef", body);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  res = client().Post("/v1/batches", body, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  store_->revoke_device("tablet-a");
  res = post_batch(a_.token, body);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_NE(res->body.find("revoked"), std::string::npos);
  EXPECT_EQ(store_->count_responses({}), 0);
}

TEST_P(IngestHttpTest, ErasedResponsesStayErasedWhenResent) {
  const Response r = make_response(t0());
  post_rows(a_.token, {r}, now_ms_);
  ASSERT_TRUE(store_->erase_response(r.id));
  const auto reply = post_rows(a_.token, {r}, now_ms_);
  EXPECT_EQ(reply.duplicate, std::vector<std::string>{r.id});
  EXPECT_FALSE(store_->response(r.id));
}

INSTANTIATE_TEST_SUITE_P(Backends, IngestHttpTest, kBackends, backend_name);

}  // namespace
}  // namespace hymy::hq::test
