// Tests of the sync protocol's encodings: every row rule, whole-message errors, gzip limits and
// round trips, because both the daemon and HQ trust these functions with every answer.
#include "protocol/protocol.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <random>

#include "hymy/uuid.hpp"

namespace hymy::protocol {
namespace {

using nlohmann::json;

constexpr std::int64_t kNoon = 1795420800000;  // 2026-11-23T08:00:00Z

Response sample(int rating = 4) {
  Response r;
  r.id = uuid_v7_at(kNoon);
  r.visit_id = uuid_v7_at(kNoon - 5);
  r.question_id = "visit";
  r.question_set_version = 3;
  r.rating = rating;
  r.comment = "Ystävällinen vastaanotto";
  r.language = "fi";
  r.answered_at_ms = kNoon;
  r.utc_offset_min = 120;
  r.flags = kFlagRapidRepeat;
  r.channel = Channel::staff;
  return r;
}

json sample_row() { return json::parse(encode_batch({kNoon, {sample()}}))["responses"][0]; }

std::string batch_with(const json& row) {
  return json{{"sent_at_ms", kNoon}, {"responses", json::array({row})}}.dump();
}

TEST(ProtocolBatch, RoundTripKeepsEveryField) {
  Batch b{kNoon + 7, {sample(1), sample(2), sample(4)}};
  b.responses[1].comment.reset();
  b.responses[2].channel = Channel::kiosk;
  b.responses[2].flags = 0;
  const DecodedBatch d = decode_batch(encode_batch(b));
  EXPECT_EQ(d.sent_at_ms, kNoon + 7);
  EXPECT_TRUE(d.rejected.empty());
  ASSERT_EQ(d.valid.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(d.valid[i], b.responses[i]) << i;
}

TEST(ProtocolBatch, DeviceAndUnitAreNeverSent) {
  Response r = sample();
  r.device_id = "tab-1";
  r.unit_id = "demo";
  const std::string text = encode_batch({kNoon, {r}});
  EXPECT_EQ(text.find("tab-1"), std::string::npos);
  EXPECT_EQ(text.find("demo"), std::string::npos);
  const DecodedBatch d = decode_batch(text);
  ASSERT_EQ(d.valid.size(), 1u);
  EXPECT_TRUE(d.valid[0].device_id.empty());
  EXPECT_TRUE(d.valid[0].unit_id.empty());
}

TEST(ProtocolBatch, AcceptsTheExampleOfProtocolMd) {
  const char* text = R"({
    "sent_at_ms": 1795420800123,
    "responses": [{"id": "019a8f2e-6c1b-7a3d-9f10-5b2c7e4d1a20",
      "visit_id": "019a8f2e-6c1b-7a3d-9f10-5b2c7e4d1a1f", "question_id": "visit",
      "question_set_version": 3, "rating": 4, "comment": "Ystävällinen vastaanotto",
      "language": "fi", "answered_at_ms": 1795420612345, "utc_offset_min": 120, "flags": 0,
      "channel": "kiosk", "some_future_key": [1, 2]}]})";
  const DecodedBatch d = decode_batch(text);
  ASSERT_EQ(d.valid.size(), 1u) << (d.rejected.empty() ? "" : d.rejected[0].reason);
  EXPECT_EQ(d.valid[0].rating, 4);
  EXPECT_EQ(d.valid[0].answered_at_ms, 1795420612345);
  EXPECT_EQ(d.valid[0].channel, Channel::kiosk);
}

TEST(ProtocolBatch, NullOrAbsentCommentIsNoComment) {
  json row = sample_row();
  row["comment"] = nullptr;
  EXPECT_FALSE(decode_batch(batch_with(row)).valid.at(0).comment.has_value());
  row.erase("comment");
  EXPECT_FALSE(decode_batch(batch_with(row)).valid.at(0).comment.has_value());
}

// One case per rule: the field to break, the bad value, and the field the reason must name.
struct BadRow {
  std::string name;
  std::string field;
  json value;  // null json with erase = true means "remove the key"
  bool erase = false;
};

class ProtocolRowRule : public ::testing::TestWithParam<BadRow> {};

TEST_P(ProtocolRowRule, RejectsTheRowNamingTheField) {
  const BadRow& c = GetParam();
  json good = sample_row();
  json bad = good;
  if (c.erase) {
    bad.erase(c.field);
  } else {
    bad[c.field] = c.value;
  }
  if (c.field != "id") bad["id"] = uuid_v7_at(kNoon + 1);
  const std::string text =
      json{{"sent_at_ms", kNoon}, {"responses", json::array({good, bad})}}.dump();
  const DecodedBatch d = decode_batch(text);
  ASSERT_EQ(d.valid.size(), 1u) << "the good row must survive a bad neighbour";
  EXPECT_EQ(d.valid[0].id, good["id"]);
  ASSERT_EQ(d.rejected.size(), 1u) << c.name;
  const std::string& reason = d.rejected[0].reason;
  EXPECT_NE(reason.find(c.field + ":"), std::string::npos) << reason;
  if (bad.contains("id") && bad["id"].is_string() && !bad["id"].get<std::string>().empty()) {
    EXPECT_EQ(d.rejected[0].id, bad["id"].get<std::string>());
  } else {
    EXPECT_EQ(d.rejected[0].id, "");
    EXPECT_EQ(reason.rfind("responses[1].", 0), 0u) << reason;
  }
}

std::string long_comment(std::size_t chars) {
  std::string s;
  for (std::size_t i = 0; i < chars; ++i) s += "ä";
  return s;
}

INSTANTIATE_TEST_SUITE_P(
    EveryRule, ProtocolRowRule,
    ::testing::Values(
        BadRow{"id_missing", "id", nullptr, true}, BadRow{"id_number", "id", 5},
        BadRow{"id_not_uuid", "id", "not-a-uuid"},
        BadRow{"id_upper_case", "id", "019A8F2E-6C1B-7A3D-9F10-5B2C7E4D1A20"},
        BadRow{"visit_missing", "visit_id", nullptr, true}, BadRow{"visit_bad", "visit_id", "x"},
        BadRow{"question_missing", "question_id", nullptr, true},
        BadRow{"question_empty", "question_id", ""},
        BadRow{"question_odd_chars", "question_id", "vi sit<script>"},
        BadRow{"question_too_long", "question_id", std::string(65, 'q')},
        BadRow{"version_negative", "question_set_version", -1},
        BadRow{"version_string", "question_set_version", "3"},
        BadRow{"rating_missing", "rating", nullptr, true}, BadRow{"rating_zero", "rating", 0},
        BadRow{"rating_seven", "rating", 7}, BadRow{"rating_float", "rating", 3.5},
        BadRow{"rating_string", "rating", "4"}, BadRow{"rating_huge", "rating", 1ull << 63},
        BadRow{"comment_number", "comment", 12},
        BadRow{"comment_too_long", "comment", long_comment(kMaxCommentChars + 1)},
        BadRow{"language_missing", "language", nullptr, true},
        BadRow{"language_long", "language", "finnish"}, BadRow{"language_upper", "language", "FI"},
        BadRow{"language_one", "language", "f"},
        BadRow{"time_missing", "answered_at_ms", nullptr, true},
        BadRow{"time_zero", "answered_at_ms", 0},
        BadRow{"time_float", "answered_at_ms", 1.5e12},
        BadRow{"time_far_future", "answered_at_ms", 253402300800000},
        BadRow{"offset_missing", "utc_offset_min", nullptr, true},
        BadRow{"offset_big", "utc_offset_min", 1081}, BadRow{"offset_small", "utc_offset_min", -1081},
        BadRow{"flags_missing", "flags", nullptr, true}, BadRow{"flags_negative", "flags", -1},
        BadRow{"flags_too_wide", "flags", 1ll << 32},
        BadRow{"channel_missing", "channel", nullptr, true},
        BadRow{"channel_unknown", "channel", "web"}, BadRow{"channel_number", "channel", 1}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(ProtocolBatch, CommentOfExactlyTheLimitIsAccepted) {
  json row = sample_row();
  row["comment"] = long_comment(kMaxCommentChars);
  EXPECT_EQ(decode_batch(batch_with(row)).valid.size(), 1u);
}

TEST(ProtocolBatch, CommentWithInvalidUtf8IsRejectedNotCrashed) {
  // JSON itself must be UTF-8, so the bad bytes arrive as a whole-message error; the in-memory
  // check names the field for the daemon's own pre-flight.
  std::string text = batch_with(sample_row());
  const auto at = text.find("Ystäv");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 1, "\xff");
  EXPECT_THROW(decode_batch(text), ProtocolError);
  Response r = sample();
  r.comment = std::string("bad \xc3\x28 bytes");
  EXPECT_NE(check_response(r).find("comment:"), std::string::npos);
  EXPECT_THROW(encode_batch({kNoon, {r}}), ProtocolError);
}

TEST(ProtocolBatch, NonObjectRowIsRejectedByPosition) {
  const std::string text =
      json{{"sent_at_ms", kNoon}, {"responses", json::array({sample_row(), 42})}}.dump();
  const DecodedBatch d = decode_batch(text);
  EXPECT_EQ(d.valid.size(), 1u);
  ASSERT_EQ(d.rejected.size(), 1u);
  EXPECT_EQ(d.rejected[0].reason.rfind("responses[1].row:", 0), 0u) << d.rejected[0].reason;
}

TEST(ProtocolBatch, CheckResponseAgreesWithDecode) {
  EXPECT_EQ(check_response(sample()), "");
  Response r = sample();
  r.rating = 9;
  EXPECT_EQ(check_response(r), "rating: expected an integer 1..4, found 9");
  r = sample();
  r.language = "";
  EXPECT_EQ(check_response(r).rfind("language:", 0), 0u);
}

TEST(ProtocolBatch, RowCountLimit) {
  json row = sample_row();
  json rows = json::array();
  for (std::size_t i = 0; i < kMaxBatchRows; ++i) {
    row["id"] = uuid_v7_at(kNoon + static_cast<std::int64_t>(i));
    rows.push_back(row);
  }
  json batch{{"sent_at_ms", kNoon}, {"responses", rows}};
  EXPECT_EQ(decode_batch(batch.dump()).valid.size(), kMaxBatchRows);
  batch["responses"].push_back(row);
  try {
    decode_batch(batch.dump());
    FAIL() << "1001 rows must be refused";
  } catch (const ProtocolError& e) {
    EXPECT_NE(std::string(e.what()).find("at most 1000"), std::string::npos) << e.what();
  }
}

TEST(ProtocolBatch, WholeMessageErrorsNameWhatIsWrong) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "not valid JSON"},
      {"{\"sent_at_ms\": 1, \"responses\": [", "not valid JSON"},
      {"[1,2]", "expected a JSON object"},
      {"{\"responses\": []}", "batch.sent_at_ms: missing"},
      {"{\"sent_at_ms\": \"now\", \"responses\": []}", "batch.sent_at_ms: expected an integer"},
      {"{\"sent_at_ms\": 1}", "batch.responses: missing"},
      {"{\"sent_at_ms\": 1, \"responses\": {}}", "batch.responses: expected an array"},
  };
  for (const auto& [text, expected] : cases) {
    try {
      decode_batch(text);
      ADD_FAILURE() << "accepted: " << text;
    } catch (const ProtocolError& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos)
          << text << " -> " << e.what();
    }
  }
}

TEST(ProtocolBatch, RandomGarbageNeverCrashes) {
  std::mt19937 rng(12345);
  const std::string valid = encode_batch({kNoon, {sample(), sample(2)}});
  for (int i = 0; i < 2000; ++i) {
    std::string s = valid;
    const int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits; ++e) {
      s[rng() % s.size()] = static_cast<char>(rng() % 256);
    }
    try {
      const DecodedBatch d = decode_batch(s);
      EXPECT_LE(d.valid.size() + d.rejected.size(), 2u);
    } catch (const ProtocolError&) {
    }
  }
}

// decode_batch reads the usual batch in one pass and falls back to a whole JSON document for
// anything unusual; whichever path reads a message, the outcome must be the same.
std::string outcome(const std::function<DecodedBatch()>& decode) {
  try {
    const DecodedBatch d = decode();
    std::string s = "sent_at_ms " + std::to_string(d.sent_at_ms) + "\n";
    for (const Response& r : d.valid) {
      s += "valid " + json::parse(encode_batch({0, {r}}))["responses"][0].dump() + "\n";
    }
    for (const auto& r : d.rejected) s += "rejected " + r.id + ": " + r.reason + "\n";
    return s;
  } catch (const ProtocolError& e) {
    return std::string("error ") + e.what();
  }
}

void expect_both_paths_alike(const std::string& text) {
  EXPECT_EQ(outcome([&] { return decode_batch(text); }),
            outcome([&] { return decode_batch_document(text); }))
      << text;
}

TEST(ProtocolBatch, BothPathsReadUnusualMessagesAlike) {
  const std::string row = sample_row().dump();
  const std::string bad = R"({"id":"X","rating":7,"flags":-1,"channel":"web"})";
  for (const std::string& text : std::vector<std::string>{
           encode_batch({kNoon, {sample(), sample(2)}}),
           "",
           "null",
           "[]",
           "7",
           "\"batch\"",
           "{}",
           R"({"sent_at_ms": 1, "responses": []})",
           R"({"responses": [], "sent_at_ms": 1})",
           R"({"sent_at_ms": 1, "sent_at_ms": 2, "responses": []})",
           R"({"sent_at_ms": -5, "responses": [], "extra": {"a": [1, {"b": null}]}, "more": [[]]})",
           R"({"sent_at_ms": 9223372036854775808, "responses": []})",
           R"({"sent_at_ms": 1.0, "responses": []})",
           R"({"sent_at_ms": null, "responses": []})",
           R"({"sent_at_ms": [], "responses": []})",
           R"({"sent_at_ms": 1, "responses": null})",
           R"({"sent_at_ms": 1, "responses": {}})",
           R"({"sent_at_ms": 1, "responses": [)" + row + "], \"responses\": []}",
           R"({"sent_at_ms": 1, "responses": [)" + row + ", 42, null, [1], " + row + "]}",
           R"({"sent_at_ms": 1, "responses": [)" + row + ", " + bad + ", {}]}",
           R"({"sent_at_ms": 1, "responses": [)" + row + "]} trailing",
           R"({"sent_at_ms": 1, "responses": [)" + row + "]",
       }) {
    expect_both_paths_alike(text);
  }
}

TEST(ProtocolBatch, BothPathsReadMutatedRowsAlike) {
  std::mt19937 rng(4242);
  const std::vector<json> values = {nullptr,
                                    true,
                                    false,
                                    0,
                                    -1,
                                    3,
                                    7,
                                    1081,
                                    1.5,
                                    4.0,
                                    1e300,
                                    18446744073709551615ull,
                                    9223372036854775807ll,
                                    -9223372036854775807ll - 1,
                                    "",
                                    "x",
                                    "FI",
                                    "kiosk",
                                    "staff",
                                    uuid_v7_at(kNoon),
                                    json::array(),
                                    json::array({1, "two", json::object()}),
                                    json{{"nested", json{{"deeper", json::array({nullptr})}}}},
                                    std::string(100, 'q')};
  std::vector<std::string> keys;
  const json sample = sample_row();
  for (const auto& [key, value] : sample.items()) keys.push_back(key);
  keys.push_back("some_future_key");
  for (int i = 0; i < 1000; ++i) {
    json rows = json::array();
    const int n = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < n; ++k) {
      json row = sample_row();
      row["id"] = uuid_v7_at(kNoon + k);
      const int edits = static_cast<int>(rng() % 3);
      for (int e = 0; e < edits; ++e) {
        const std::string& key = keys[rng() % keys.size()];
        if (rng() % 4 == 0) {
          row.erase(key);
        } else {
          row[key] = values[rng() % values.size()];
        }
      }
      if (rng() % 40 == 0) row = values[rng() % values.size()];
      rows.push_back(row);
    }
    std::string text = json{{"sent_at_ms", kNoon}, {"responses", rows}}.dump();
    // A repeated key, which a JSON document cannot hold but a message can: the last one counts.
    if (rng() % 5 == 0) {
      const auto at = text.find("{\"", text.find("responses"));
      if (at != std::string::npos) {
        const std::string& key = keys[rng() % keys.size()];
        text.insert(at + 1, "\"" + key + "\":" + values[rng() % values.size()].dump() + ",");
      }
    }
    expect_both_paths_alike(text);
    // A snippet of JSON text somewhere: escapes, numbers and words at the edges of the grammar.
    static const std::vector<std::string> snippets = {"\\u00e4",
                                                      "\\ud83d\\ude00",
                                                      "\\ud83d",
                                                      "\\udc00",
                                                      "\\ud83d\\u0041",
                                                      "\\x",
                                                      "\\/",
                                                      "\\\"",
                                                      "\\u0000",
                                                      "\\uZZZZ",
                                                      "\t",
                                                      " \n ",
                                                      "-0",
                                                      "01",
                                                      "1.0",
                                                      "1e3",
                                                      "-",
                                                      "+1",
                                                      "123456789012345678",
                                                      "1234567890123456789",
                                                      "-9223372036854775808",
                                                      "18446744073709551616",
                                                      "tru",
                                                      "nul",
                                                      "\xef\xbb\xbf",
                                                      "\xc3\xa4",
                                                      "\xe0\x80\x80",
                                                      "\xed\xa0\x80",
                                                      "\xf4\x90\x80\x80",
                                                      "\xf0\x9f\x98\x80",
                                                      ",",
                                                      ":",
                                                      "]",
                                                      "}"};
    std::string edited = text;
    edited.insert(rng() % (edited.size() + 1), snippets[rng() % snippets.size()]);
    expect_both_paths_alike(edited);
    // And with one byte broken.
    std::string broken = text;
    broken[rng() % broken.size()] = static_cast<char>(rng() % 256);
    expect_both_paths_alike(broken);
  }
}

TEST(ProtocolBatch, BothPathsReadCommentBytesAlike) {
  std::mt19937 rng(99);
  const std::string bytes =
      "a\"\\\x01\x7f\x80\xbf\xc0\xc1\xc2\xc3\xa4\xdf\xe0\xa0\xed\x9f\xef\xf0\x90\xf4\x8f\xf5\xff";
  const std::string row = sample_row().dump();
  const auto at = row.find("Ystäv");
  ASSERT_NE(at, std::string::npos);
  for (int i = 0; i < 5000; ++i) {
    std::string comment;
    const int n = 1 + static_cast<int>(rng() % 6);
    for (int k = 0; k < n; ++k) comment += bytes[rng() % bytes.size()];
    std::string broken = row;
    broken.insert(at, comment);
    expect_both_paths_alike(R"({"sent_at_ms": 1, "responses": [)" + broken + "]}");
  }
}

TEST(ProtocolReply, RoundTrip) {
  BatchReply r;
  r.accepted = {uuid_v7_at(kNoon), uuid_v7_at(kNoon + 1)};
  r.duplicate = {uuid_v7_at(kNoon + 2)};
  r.rejected = {{uuid_v7_at(kNoon + 3), "rating: expected an integer 1..4, found 7"}};
  r.server_time_ms = kNoon + 99;
  const BatchReply back = decode_reply(encode_reply(r));
  EXPECT_EQ(back.accepted, r.accepted);
  EXPECT_EQ(back.duplicate, r.duplicate);
  ASSERT_EQ(back.rejected.size(), 1u);
  EXPECT_EQ(back.rejected[0].id, r.rejected[0].id);
  EXPECT_EQ(back.rejected[0].reason, r.rejected[0].reason);
  EXPECT_EQ(back.server_time_ms, r.server_time_ms);
}

TEST(ProtocolReply, EncodesAsTheJsonLibraryWould) {
  BatchReply r;
  r.accepted = {uuid_v7_at(kNoon), "odd \"quoted\\ id\u00e4\x01\x7f", ""};
  r.rejected = {{"x\ty", "comment: \u00e4"}, {"", "responses[3].row: expected an object"}};
  r.server_time_ms = -5;
  const nlohmann::ordered_json reference = {
      {"accepted", r.accepted},
      {"duplicate", json::array()},
      {"rejected",
       {{{"id", "x\ty"}, {"reason", "comment: \u00e4"}},
        {{"id", ""}, {"reason", "responses[3].row: expected an object"}}}},
      {"server_time_ms", -5}};
  EXPECT_EQ(encode_reply(r), reference.dump());
  r.duplicate = {"bad \xc3\x28 bytes"};
  EXPECT_THROW(encode_reply(r), ProtocolError);
}

TEST(ProtocolReply, MalformedRepliesThrowNamingTheKey) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"<html>502 Bad Gateway</html>", "reply: not valid JSON"},
      {R"({"duplicate": [], "rejected": [], "server_time_ms": 1})", "reply.accepted: missing"},
      {R"({"accepted": [1], "duplicate": [], "rejected": [], "server_time_ms": 1})",
       "reply.accepted[0]"},
      {R"({"accepted": [], "duplicate": "x", "rejected": [], "server_time_ms": 1})",
       "reply.duplicate: expected an array"},
      {R"({"accepted": [], "duplicate": [], "rejected": [{"id": "a"}], "server_time_ms": 1})",
       "reply.rejected[0].reason: missing"},
      {R"({"accepted": [], "duplicate": [], "rejected": []})", "reply.server_time_ms: missing"},
  };
  for (const auto& [text, expected] : cases) {
    try {
      decode_reply(text);
      ADD_FAILURE() << "accepted: " << text;
    } catch (const ProtocolError& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos)
          << text << " -> " << e.what();
    }
  }
}

// decode_reply reads the usual reply in one pass and falls back to a whole JSON document for
// anything unusual; whichever path reads a reply, the outcome must be the same.
std::string reply_outcome(const std::function<BatchReply()>& decode) {
  try {
    const BatchReply r = decode();
    std::string s = "server_time_ms " + std::to_string(r.server_time_ms) + "\n";
    for (const auto& id : r.accepted) s += "accepted " + id + "\n";
    for (const auto& id : r.duplicate) s += "duplicate " + id + "\n";
    for (const auto& x : r.rejected) s += "rejected " + x.id + ": " + x.reason + "\n";
    return s;
  } catch (const ProtocolError& e) {
    return std::string("error ") + e.what();
  }
}

void expect_both_reply_paths_alike(const std::string& text) {
  EXPECT_EQ(reply_outcome([&] { return decode_reply(text); }),
            reply_outcome([&] { return decode_reply_document(text); }))
      << text;
}

TEST(ProtocolReply, BothPathsReadRepliesAlike) {
  std::mt19937 rng(777);
  const std::vector<json> values = {
      nullptr, true, 0, -3, 1.5, 18446744073709551615ull, "", "x", "line\nbreak \"q\" \u00e4",
      uuid_v7_at(kNoon), json::array(), json::array({"a", 1}), json::object(),
      json{{"id", "a"}}, json{{"id", "a"}, {"reason", "r"}, {"extra", json::array({1})}},
      json::array({json{{"id", "b"}, {"reason", 5}}}), json::array({json{{"reason", "r"}}})};
  const std::vector<std::string> keys = {"accepted", "duplicate", "rejected", "server_time_ms",
                                         "future"};
  for (int i = 0; i < 1000; ++i) {
    BatchReply r;
    for (int k = static_cast<int>(rng() % 4); k > 0; --k) r.accepted.push_back(uuid_v7_at(kNoon + k));
    for (int k = static_cast<int>(rng() % 3); k > 0; --k) r.duplicate.push_back(uuid_v7_at(kNoon - k));
    for (int k = static_cast<int>(rng() % 3); k > 0; --k) {
      r.rejected.push_back({uuid_v7_at(kNoon + 100 + k), "rating: expected an integer 1..4, found 7"});
    }
    r.server_time_ms = kNoon;
    json j = json::parse(encode_reply(r));
    for (int e = static_cast<int>(rng() % 3); e > 0; --e) {
      const std::string& key = keys[rng() % keys.size()];
      if (rng() % 4 == 0) {
        j.erase(key);
      } else if (rng() % 2 == 0 && j.contains(key) && j[key].is_array() && !j[key].empty()) {
        j[key][rng() % j[key].size()] = values[rng() % values.size()];
      } else {
        j[key] = values[rng() % values.size()];
      }
    }
    std::string text = j.dump();
    if (rng() % 5 == 0) {  // a repeated key
      const std::string& key = keys[rng() % keys.size()];
      text.insert(1, "\"" + key + "\":" + values[rng() % values.size()].dump() + ",");
    }
    expect_both_reply_paths_alike(text);
    std::string broken = text;
    broken[rng() % broken.size()] = static_cast<char>(rng() % 256);
    expect_both_reply_paths_alike(broken);
  }
  expect_both_reply_paths_alike("");
  expect_both_reply_paths_alike("[]");
  expect_both_reply_paths_alike(
      R"({"accepted":[],"duplicate":[],"rejected":[],"server_time_ms":18446744073709551615})");
  expect_both_reply_paths_alike(R"({"accepted":[],"duplicate":[],"rejected":[{"id":"a","id":"b","reason":"r"}],"server_time_ms":1})");
}

Summary summary(std::int64_t count) {
  Summary s;
  s.count = count;
  s.distribution = {1, 2, 3, count - 6};
  s.mean = 3.25;
  s.share_positive = 0.75;
  s.hourly[9] = count;
  s.flagged = 2;
  s.staff_recorded = 1;
  s.skipped = 0;
  return s;
}

void expect_same(const Summary& a, const Summary& b) {
  EXPECT_EQ(a.count, b.count);
  EXPECT_EQ(a.distribution, b.distribution);
  EXPECT_EQ(a.mean, b.mean);
  EXPECT_EQ(a.share_positive, b.share_positive);
  EXPECT_EQ(a.hourly, b.hourly);
  EXPECT_EQ(a.flagged, b.flagged);
  EXPECT_EQ(a.staff_recorded, b.staff_recorded);
  EXPECT_EQ(a.skipped, b.skipped);
}

TEST(ProtocolFigures, RoundTripWithAndWithoutLastWeek) {
  Figures f;
  f.first_day = *LocalDate::parse("2026-11-23");
  f.current = summary(40);
  f.previous = summary(0);
  f.previous.mean.reset();
  f.previous.share_positive.reset();
  UnitFigures u = decode_figures(encode_figures("demo", f, kNoon));
  EXPECT_EQ(u.unit_id, "demo");
  EXPECT_EQ(u.date.iso(), "2026-11-23");
  EXPECT_EQ(u.computed_at_ms, kNoon);
  expect_same(u.current, f.current);
  expect_same(u.previous, f.previous);
  EXPECT_FALSE(u.same_weekday_last_week.has_value());

  f.same_weekday_last_week = summary(30);
  u = decode_figures(encode_figures("demo", f, kNoon));
  ASSERT_TRUE(u.same_weekday_last_week.has_value());
  expect_same(*u.same_weekday_last_week, *f.same_weekday_last_week);
}

TEST(ProtocolFigures, MalformedFiguresThrow) {
  Figures f;
  f.first_day = *LocalDate::parse("2026-11-23");
  json good = json::parse(encode_figures("demo", f, kNoon));
  json bad = good;
  bad["date"] = "23.11.2026";
  EXPECT_THROW(decode_figures(bad.dump()), ProtocolError);
  bad = good;
  bad["current"]["hourly"] = json::array({1, 2});
  EXPECT_THROW(decode_figures(bad.dump()), ProtocolError);
  bad = good;
  bad.erase("previous");
  EXPECT_THROW(decode_figures(bad.dump()), ProtocolError);
  EXPECT_THROW(decode_figures("null"), ProtocolError);
}

TEST(ProtocolDailyCounts, RoundTripAndRefusals) {
  const DailyCounts counts{{"2026-11-21", 388}, {"2026-11-22", 0}};
  EXPECT_EQ(decode_daily_counts(encode_daily_counts(counts)), counts);
  EXPECT_TRUE(decode_daily_counts(R"({"counts": {}})").empty());
  for (const char* bad : {R"({"counts": {"21.11.2026": 3}})", R"({"counts": {"2026-02-30": 3}})",
                          R"({"counts": {"2026-11-21": -1}})", R"({"counts": {"2026-11-21": "3"}})",
                          R"({"counts": []})", R"({})", "nope"}) {
    EXPECT_THROW(decode_daily_counts(bad), ProtocolError) << bad;
  }
}

TEST(ProtocolErrorBody, IsJsonEvenForOddText) {
  const json j = json::parse(error_body("bad \"quote\" and \xff byte"));
  EXPECT_NE(j["error"].get<std::string>().find("quote"), std::string::npos);
}

TEST(ProtocolGzip, RoundTripAndActuallyCompresses) {
  std::vector<Response> rows;
  for (int i = 0; i < 200; ++i) rows.push_back(sample(1 + i % 4));
  const std::string text = encode_batch({kNoon, rows});
  const std::string packed = gzip(text);
  EXPECT_LT(packed.size(), text.size() / 4);
  EXPECT_EQ(gunzip(packed), text);
  EXPECT_EQ(gunzip(gzip("")), "");
}

TEST(ProtocolGzip, BombIsRefusedAtTheLimit) {
  const std::string zeros(4 << 20, '\0');
  const std::string packed = gzip(zeros);
  EXPECT_LT(packed.size(), 10000u);
  EXPECT_EQ(gunzip(packed, zeros.size()).size(), zeros.size());
  try {
    gunzip(packed, zeros.size() - 1);
    FAIL() << "a body inflating past the limit must be refused";
  } catch (const ProtocolError& e) {
    EXPECT_NE(std::string(e.what()).find("more than"), std::string::npos) << e.what();
  }
}

TEST(ProtocolGzip, GarbageTruncationAndTrailingBytesAreRefused) {
  const std::string packed = gzip("hello hello hello hello");
  EXPECT_THROW(gunzip(""), ProtocolError);
  EXPECT_THROW(gunzip("this is not gzip at all"), ProtocolError);
  EXPECT_THROW(gunzip(packed.substr(0, packed.size() - 5)), ProtocolError);
  EXPECT_THROW(gunzip(packed.substr(0, 5)), ProtocolError);
  EXPECT_THROW(gunzip(packed + "x"), ProtocolError);
  std::string flipped = packed;
  flipped[flipped.size() - 6] = static_cast<char>(flipped[flipped.size() - 6] ^ 0x55);  // CRC
  EXPECT_THROW(gunzip(flipped), ProtocolError);
}

TEST(ProtocolGzip, RandomGarbageNeverCrashes) {
  std::mt19937 rng(777);
  const std::string packed = gzip(encode_batch({kNoon, {sample(), sample()}}));
  for (int i = 0; i < 2000; ++i) {
    std::string s = packed;
    s[rng() % s.size()] = static_cast<char>(rng() % 256);
    try {
      gunzip(s, 1 << 16);
    } catch (const ProtocolError&) {
    }
  }
}

}  // namespace
}  // namespace hymy::protocol
