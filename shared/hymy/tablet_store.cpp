#include "hymy/tablet_store.hpp"

#include <stdexcept>

#include "hymy/clock.hpp"
#include "hymy/comment.hpp"
#include "hymy/question_set_json.hpp"

namespace hymy {
namespace {

// Schema history. Never edit a released step: add a new one at the end.
std::vector<sqlite::Migration> make_migrations() {
  return {
      {"responses and their outbox state",
       [](sqlite::Database& db) {
         db.exec(R"sql(
         CREATE TABLE responses (
           id                   TEXT PRIMARY KEY,
           visit_id             TEXT NOT NULL,
           device_id            TEXT NOT NULL,
           unit_id              TEXT NOT NULL,
           question_id          TEXT NOT NULL,
           question_set_version INTEGER NOT NULL,
           rating               INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
           comment              TEXT,
           language             TEXT NOT NULL,
           answered_at_ms       INTEGER NOT NULL,
           utc_offset_min       INTEGER NOT NULL,
           flags                INTEGER NOT NULL DEFAULT 0,
           channel              TEXT NOT NULL DEFAULT 'kiosk',
           awaiting_comment     INTEGER NOT NULL DEFAULT 0,
           sent_at_ms           INTEGER,
           rejected_reason      TEXT
         );
         CREATE INDEX responses_outbox ON responses (id)
           WHERE sent_at_ms IS NULL AND rejected_reason IS NULL;
         CREATE INDEX responses_answered_at ON responses (answered_at_ms);
       )sql");
       }},
      {"question sets, versioned",
       [](sqlite::Database& db) {
         db.exec(R"sql(
         CREATE TABLE question_sets (
           version       INTEGER PRIMARY KEY,
           source        TEXT NOT NULL CHECK (source IN ('local', 'hq')),
           json          TEXT NOT NULL,
           saved_at_ms   INTEGER NOT NULL
         );
       )sql");
       }},
      {"device state shared between kiosk and sync daemon",
       [](sqlite::Database& db) {
         db.exec(R"sql(
         CREATE TABLE device_state (
           key           TEXT PRIMARY KEY,
           value         TEXT NOT NULL,
           updated_at_ms INTEGER NOT NULL
         );
       )sql");
       }},
  };
}

constexpr const char* kResponseColumns =
    "id, visit_id, device_id, unit_id, question_id, question_set_version, rating, comment, "
    "language, answered_at_ms, utc_offset_min, flags, channel";

Response read_response(const sqlite::Statement& st) {
  Response r;
  r.id = st.text(0);
  r.visit_id = st.text(1);
  r.device_id = st.text(2);
  r.unit_id = st.text(3);
  r.question_id = st.text(4);
  r.question_set_version = st.int64(5);
  r.rating = st.int32(6);
  r.comment = st.optional_text(7);
  r.language = st.text(8);
  r.answered_at_ms = st.int64(9);
  r.utc_offset_min = st.int32(10);
  r.flags = static_cast<std::uint32_t>(st.int64(11));
  r.channel = channel_from_string(st.text(12)).value_or(Channel::kiosk);
  return r;
}

}  // namespace

// A function-local static, so other translation units' static initialisers can use it safely.
const std::vector<sqlite::Migration>& TabletStore::migrations() {
  static const std::vector<sqlite::Migration> steps = make_migrations();
  return steps;
}

TabletStore::TabletStore(const std::string& path, const sqlite::OpenOptions& options)
    : db_(path, options) {
  if (!options.read_only) sqlite::migrate(db_, kApplicationId, migrations());
}

void TabletStore::insert_response(const Response& r, bool awaiting_comment) {
  if (r.rating < kMinRating || r.rating > kMaxRating) {
    throw std::invalid_argument("rating must be 1..4, got " + std::to_string(r.rating));
  }
  std::optional<std::string> comment;
  if (r.comment) {
    auto clean = clean_comment(*r.comment);
    if (!clean.ok()) throw std::invalid_argument("comment refused: " + clean.error);
    comment = clean.text;
  }
  auto st = db_.prepare(
      "INSERT INTO responses (id, visit_id, device_id, unit_id, question_id, "
      "question_set_version, rating, comment, language, answered_at_ms, utc_offset_min, flags, "
      "channel, awaiting_comment) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  st.bind(1, r.id).bind(2, r.visit_id).bind(3, r.device_id).bind(4, r.unit_id);
  st.bind(5, r.question_id).bind(6, r.question_set_version).bind(7, r.rating);
  st.bind(8, comment).bind(9, r.language).bind(10, r.answered_at_ms);
  st.bind(11, r.utc_offset_min).bind(12, static_cast<std::int64_t>(r.flags));
  st.bind(13, to_string(r.channel)).bind(14, awaiting_comment ? 1 : 0);
  st.run();  // autocommit: one durable transaction
}

std::string TabletStore::attach_comment(const std::string& response_id,
                                        const std::string& raw_comment) {
  auto clean = clean_comment(raw_comment);
  if (!clean.ok()) return clean.error;
  // A row already sent keeps what HQ has: a comment arriving later would never reach it.
  auto st = db_.prepare(
      "UPDATE responses SET comment = ?, awaiting_comment = 0 "
      "WHERE id = ? AND sent_at_ms IS NULL");
  st.bind(1, clean.text).bind(2, response_id).run();
  if (db_.changes() == 0) return "response " + response_id + " is unknown or already sent";
  return "";
}

void TabletStore::close_comment(const std::string& response_id) {
  db_.prepare("UPDATE responses SET awaiting_comment = 0 WHERE id = ? AND awaiting_comment = 1")
      .bind(1, response_id)
      .run();
}

std::optional<Response> TabletStore::find_response(const std::string& id) {
  auto st = db_.prepare(std::string("SELECT ") + kResponseColumns + " FROM responses WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_response(st);
}

std::int64_t TabletStore::response_count() {
  auto st = db_.prepare("SELECT count(*) FROM responses");
  st.step();
  return st.int64(0);
}

std::vector<Response> TabletStore::outbox(std::size_t limit, std::int64_t now_ms) {
  auto st = db_.prepare(std::string("SELECT ") + kResponseColumns +
                        " FROM responses WHERE sent_at_ms IS NULL AND rejected_reason IS NULL"
                        " AND (awaiting_comment = 0 OR answered_at_ms < ?) ORDER BY id LIMIT ?");
  st.bind(1, now_ms - kCommentWaitMs).bind(2, static_cast<std::int64_t>(limit));
  std::vector<Response> out;
  while (st.step()) out.push_back(read_response(st));
  return out;
}

std::int64_t TabletStore::unsent_count() {
  auto st = db_.prepare(
      "SELECT count(*) FROM responses WHERE sent_at_ms IS NULL AND rejected_reason IS NULL");
  st.step();
  return st.int64(0);
}

void TabletStore::record_delivery(const std::vector<std::string>& delivered,
                                  const std::vector<RejectedResponse>& rejected,
                                  std::int64_t at_ms) {
  if (delivered.empty() && rejected.empty()) return;
  sqlite::Transaction tx(db_);
  auto sent = db_.prepare(
      "UPDATE responses SET sent_at_ms = ?, awaiting_comment = 0 "
      "WHERE id = ? AND sent_at_ms IS NULL");
  for (const auto& id : delivered) sent.bind(1, at_ms).bind(2, id).run();
  auto refused = db_.prepare(
      "UPDATE responses SET rejected_reason = ?, awaiting_comment = 0 WHERE id = ?");
  for (const auto& r : rejected) {
    refused.bind(1, r.reason.empty() ? "rejected" : r.reason).bind(2, r.id).run();
  }
  tx.commit();
}

void TabletStore::checkpoint() { db_.exec("PRAGMA wal_checkpoint(PASSIVE)"); }

std::vector<RejectedResponse> TabletStore::rejected() {
  auto st = db_.prepare(
      "SELECT id, rejected_reason FROM responses WHERE rejected_reason IS NOT NULL ORDER BY id");
  std::vector<RejectedResponse> out;
  while (st.step()) out.push_back({st.text(0), st.text(1)});
  return out;
}

std::int64_t TabletStore::purge_sent(std::int64_t before_ms) {
  db_.prepare("DELETE FROM responses WHERE sent_at_ms IS NOT NULL AND answered_at_ms < ?")
      .bind(1, before_ms)
      .run();
  return db_.changes();
}

std::map<std::int64_t, std::int64_t> TabletStore::sent_counts_by_utc_day(std::int64_t from_ms,
                                                                         std::int64_t to_ms) {
  auto st = db_.prepare(
      "SELECT answered_at_ms / 86400000 AS day, count(*) FROM responses "
      "WHERE sent_at_ms IS NOT NULL AND answered_at_ms >= ? AND answered_at_ms < ? GROUP BY day");
  st.bind(1, from_ms).bind(2, to_ms);
  std::map<std::int64_t, std::int64_t> out;
  while (st.step()) out[st.int64(0)] = st.int64(1);
  return out;
}

std::int64_t TabletStore::mark_unsent_between(std::int64_t from_ms, std::int64_t to_ms) {
  db_.prepare(
         "UPDATE responses SET sent_at_ms = NULL "
         "WHERE sent_at_ms IS NOT NULL AND answered_at_ms >= ? AND answered_at_ms < ?")
      .bind(1, from_ms)
      .bind(2, to_ms)
      .run();  // autocommit: one transaction
  return db_.changes();
}

std::vector<RatedAnswer> TabletStore::answers_between(std::int64_t from_ms, std::int64_t to_ms) {
  auto st = db_.prepare(
      "SELECT id, question_id, answered_at_ms, rating, flags, channel, comment FROM responses "
      "WHERE answered_at_ms >= ? AND answered_at_ms < ? ORDER BY answered_at_ms");
  st.bind(1, from_ms).bind(2, to_ms);
  std::vector<RatedAnswer> out;
  while (st.step()) {
    RatedAnswer a;
    a.id = st.text(0);
    a.question_id = st.text(1);
    a.answered_at_ms = st.int64(2);
    a.rating = st.int32(3);
    a.flags = static_cast<std::uint32_t>(st.int64(4));
    a.channel = channel_from_string(st.text(5)).value_or(Channel::kiosk);
    a.comment = st.optional_text(6);
    out.push_back(std::move(a));
  }
  return out;
}

void TabletStore::save_question_set(const QuestionSet& set, const std::string& source) {
  if (source != "local" && source != "hq") {
    throw std::invalid_argument("question set source must be 'local' or 'hq', got '" + source +
                                "'");
  }
  if (auto problem = validate_question_set(set); !problem.empty()) {
    throw std::invalid_argument("question set version " + std::to_string(set.version) +
                                " is not valid: " + problem);
  }
  sqlite::Transaction tx(db_);
  auto cur = db_.prepare("SELECT coalesce(max(version), 0) FROM question_sets");
  cur.step();
  const std::int64_t current = cur.int64(0);
  if (set.version <= current) {
    throw std::invalid_argument("question set version " + std::to_string(set.version) +
                                " is not newer than the stored version " + std::to_string(current));
  }
  db_.prepare("INSERT INTO question_sets (version, source, json, saved_at_ms) VALUES (?,?,?,?)")
      .bind(1, set.version)
      .bind(2, source)
      .bind(3, question_set_to_json(set))
      .bind(4, now_ms())
      .run();
  tx.commit();
}

std::optional<QuestionSet> TabletStore::current_question_set() {
  auto st = db_.prepare("SELECT json, version FROM question_sets ORDER BY version DESC LIMIT 1");
  if (!st.step()) return std::nullopt;
  return parse_question_set(
      st.text(0), db_.path() + " (question set version " + std::to_string(st.int64(1)) + ")");
}

std::optional<std::string> TabletStore::current_question_set_source() {
  auto st = db_.prepare("SELECT source FROM question_sets ORDER BY version DESC LIMIT 1");
  if (!st.step()) return std::nullopt;
  return st.text(0);
}

void TabletStore::put_state(const std::string& key, const std::string& value) {
  db_.prepare(
         "INSERT INTO device_state (key, value, updated_at_ms) VALUES (?,?,?) "
         "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at_ms = "
         "excluded.updated_at_ms")
      .bind(1, key)
      .bind(2, value)
      .bind(3, now_ms())
      .run();
}

std::optional<std::string> TabletStore::state(const std::string& key) {
  auto st = db_.prepare("SELECT value FROM device_state WHERE key = ?");
  st.bind(1, key);
  if (!st.step()) return std::nullopt;
  return st.text(0);
}

}  // namespace hymy
