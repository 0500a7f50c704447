// The SQLite HqStore: prepared statements with bound values only, one transaction per write.
#include "store/sqlite_hq_store.hpp"

#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>

#include "hymy/clock.hpp"
#include "hymy/question_set_json.hpp"
#include "hymy/sqlite.hpp"
#include "store/response_difference.hpp"
#include "store/sqlite_hq_schema.hpp"

namespace hymy::hq {
namespace {

constexpr std::int64_t kMsPerDay = 86'400'000;

using sqlite::Database;
using sqlite::Statement;
using sqlite::Transaction;

// Columns of `responses` in the order read_response expects.
constexpr const char* kResponseColumns =
    "id, unit_id, device_id, visit_id, question_id, question_set_version, rating, comment, "
    "language, answered_at_ms, utc_offset_min, flags, channel, received_at_ms, clock_skew_ms";

StoredResponse read_response(const Statement& st) {
  StoredResponse s;
  Response& r = s.response;
  r.id = st.text(0);
  r.unit_id = st.text(1);
  r.device_id = st.text(2);
  r.visit_id = st.text(3);
  r.question_id = st.text(4);
  r.question_set_version = st.int64(5);
  r.rating = st.int32(6);
  r.comment = st.optional_text(7);
  r.language = st.text(8);
  r.answered_at_ms = st.int64(9);
  r.utc_offset_min = st.int32(10);
  r.flags = static_cast<std::uint32_t>(st.int64(11));
  r.channel = channel_from_string(st.text(12)).value_or(Channel::kiosk);
  s.received_at_ms = st.int64(13);
  s.clock_skew_ms = st.int64(14);
  return s;
}

DeviceRecord read_device(const Statement& st) {
  DeviceRecord d;
  d.id = st.text(0);
  d.unit_id = st.text(1);
  d.token_hash = st.text(2);
  d.revoked = st.int64(3) != 0;
  d.enrolled_at_ms = st.int64(4);
  if (!st.is_null(5)) d.last_seen_ms = st.int64(5);
  if (!st.is_null(6)) d.last_clock_skew_ms = st.int64(6);
  return d;
}
constexpr const char* kDeviceColumns =
    "id, unit_id, token_hash, revoked, enrolled_at_ms, last_seen_ms, last_clock_skew_ms";

class SqliteHqStoreImpl final : public HqStore {
 public:
  SqliteHqStoreImpl(const std::string& path, const SqliteHqStoreOptions& options)
      : path_(path), options_(options) {
    sqlite::OpenOptions open;
    open.synchronous_full = options.synchronous_full;
    writer_ = std::make_unique<Database>(path, open);
    sqlite::migrate(*writer_, kHqApplicationId, hq_migrations());
  }

  void check_health() override {
    auto r = reader();
    auto st = r->prepare("SELECT count(*) FROM units");
    st.step();
  }

  // --- units ---
  void add_unit(const Unit& unit) override {
    if (unit.id.empty()) throw StoreError(StoreError::Kind::invalid, "unit id: must not be empty");
    std::lock_guard lock(write_mutex_);
    Transaction tx(*writer_);
    if (exists(*writer_, "SELECT 1 FROM units WHERE id = ?", unit.id))
      throw StoreError(StoreError::Kind::already_exists, "unit " + unit.id + " already exists");
    writer_->prepare("INSERT INTO units (id, time_zone, created_at_ms) VALUES (?, ?, ?)")
        .bind(1, unit.id)
        .bind(2, unit.time_zone)
        .bind(3, now_ms())
        .run();
    auto names = writer_->prepare("INSERT INTO unit_names (unit_id, language, name) VALUES (?, ?, ?)");
    for (const auto& [language, name] : unit.name) {
      names.bind(1, unit.id).bind(2, language).bind(3, name).run();
    }
    tx.commit();
  }

  std::optional<Unit> unit(const std::string& unit_id) override {
    auto r = reader();
    auto st = r->prepare("SELECT id, time_zone FROM units WHERE id = ?");
    st.bind(1, unit_id);
    if (!st.step()) return std::nullopt;
    return read_unit(*r, st);
  }

  std::vector<Unit> units() override {
    auto r = reader();
    auto st = r->prepare("SELECT id, time_zone FROM units ORDER BY id");
    std::vector<Unit> out;
    while (st.step()) out.push_back(read_unit(*r, st));
    return out;
  }

  // --- devices ---
  void add_device(const DeviceRecord& device) override {
    if (device.id.empty())
      throw StoreError(StoreError::Kind::invalid, "device id: must not be empty");
    std::lock_guard lock(write_mutex_);
    Transaction tx(*writer_);
    if (!exists(*writer_, "SELECT 1 FROM units WHERE id = ?", device.unit_id))
      throw StoreError(StoreError::Kind::not_found, "unit " + device.unit_id + " does not exist");
    if (exists(*writer_, "SELECT 1 FROM devices WHERE id = ?", device.id))
      throw StoreError(StoreError::Kind::already_exists,
                       "device " + device.id + " already exists");
    if (exists(*writer_, "SELECT 1 FROM devices WHERE token_hash = ?", device.token_hash))
      throw StoreError(StoreError::Kind::already_exists, "a device with this token already exists");
    writer_
        ->prepare(
            "INSERT INTO devices (id, unit_id, token_hash, revoked, enrolled_at_ms) "
            "VALUES (?, ?, ?, ?, ?)")
        .bind(1, device.id)
        .bind(2, device.unit_id)
        .bind(3, device.token_hash)
        .bind(4, device.revoked ? 1 : 0)
        .bind(5, device.enrolled_at_ms)
        .run();
    tx.commit();
  }

  std::optional<DeviceRecord> device(const std::string& device_id) override {
    return one_device("WHERE id = ?", device_id);
  }

  std::optional<DeviceRecord> device_by_token_hash(const std::string& token_hash) override {
    return one_device("WHERE token_hash = ?", token_hash);
  }

  std::vector<DeviceRecord> devices(const std::optional<std::string>& unit_id) override {
    auto r = reader();
    auto st = r->prepare(std::string("SELECT ") + kDeviceColumns +
                         " FROM devices WHERE ?1 IS NULL OR unit_id = ?1 ORDER BY id");
    st.bind(1, unit_id);
    std::vector<DeviceRecord> out;
    while (st.step()) out.push_back(read_device(st));
    return out;
  }

  void revoke_device(const std::string& device_id) override {
    std::lock_guard lock(write_mutex_);
    writer_->prepare("UPDATE devices SET revoked = 1 WHERE id = ?").bind(1, device_id).run();
    if (writer_->changes() == 0)
      throw StoreError(StoreError::Kind::not_found, "device " + device_id + " does not exist");
  }

  void touch_device(const std::string& device_id, std::int64_t seen_at_ms) override {
    std::lock_guard lock(write_mutex_);
    writer_
        ->prepare(
            "UPDATE devices SET last_seen_ms = max(coalesce(last_seen_ms, 0), ?) WHERE id = ?")
        .bind(1, seen_at_ms)
        .bind(2, device_id)
        .run();
  }

  // --- users and sessions ---
  void add_user(const User& user) override {
    if (user.name.empty()) throw StoreError(StoreError::Kind::invalid, "user name: must not be empty");
    std::lock_guard lock(write_mutex_);
    Transaction tx(*writer_);
    if (exists(*writer_, "SELECT 1 FROM users WHERE name = ?", user.name))
      throw StoreError(StoreError::Kind::already_exists, "user " + user.name + " already exists");
    writer_
        ->prepare(
            "INSERT INTO users (name, password_hash, role, created_at_ms) VALUES (?, ?, ?, ?)")
        .bind(1, user.name)
        .bind(2, user.password_hash)
        .bind(3, to_string(user.role))
        .bind(4, user.created_at_ms)
        .run();
    insert_user_units(user.name, user.unit_ids);
    tx.commit();
  }

  std::optional<User> user(const std::string& name) override {
    auto r = reader();
    auto st = r->prepare("SELECT name, password_hash, role, created_at_ms FROM users WHERE name = ?");
    st.bind(1, name);
    if (!st.step()) return std::nullopt;
    return read_user(*r, st);
  }

  std::vector<User> users() override {
    auto r = reader();
    auto st = r->prepare("SELECT name, password_hash, role, created_at_ms FROM users ORDER BY name");
    std::vector<User> out;
    while (st.step()) out.push_back(read_user(*r, st));
    return out;
  }

  void set_password_hash(const std::string& name, const std::string& hash) override {
    std::lock_guard lock(write_mutex_);
    writer_->prepare("UPDATE users SET password_hash = ? WHERE name = ?").bind(1, hash).bind(2, name).run();
    if (writer_->changes() == 0)
      throw StoreError(StoreError::Kind::not_found, "user " + name + " does not exist");
  }

  void set_user_units(const std::string& name, const std::vector<std::string>& units) override {
    std::lock_guard lock(write_mutex_);
    Transaction tx(*writer_);
    if (!exists(*writer_, "SELECT 1 FROM users WHERE name = ?", name))
      throw StoreError(StoreError::Kind::not_found, "user " + name + " does not exist");
    writer_->prepare("DELETE FROM user_units WHERE user_name = ?").bind(1, name).run();
    insert_user_units(name, units);
    tx.commit();
  }

  void delete_user(const std::string& name) override {
    std::lock_guard lock(write_mutex_);
    writer_->prepare("DELETE FROM users WHERE name = ?").bind(1, name).run();
    if (writer_->changes() == 0)
      throw StoreError(StoreError::Kind::not_found, "user " + name + " does not exist");
  }

  void add_session(const Session& s) override {
    std::lock_guard lock(write_mutex_);
    writer_
        ->prepare(
            "INSERT INTO sessions (token_hash, user_name, csrf_token, created_at_ms, "
            "expires_at_ms) VALUES (?, ?, ?, ?, ?)")
        .bind(1, s.token_hash)
        .bind(2, s.user_name)
        .bind(3, s.csrf_token)
        .bind(4, s.created_at_ms)
        .bind(5, s.expires_at_ms)
        .run();
  }

  std::optional<Session> session(const std::string& token_hash) override {
    auto r = reader();
    auto st = r->prepare(
        "SELECT token_hash, user_name, csrf_token, created_at_ms, expires_at_ms FROM sessions "
        "WHERE token_hash = ?");
    st.bind(1, token_hash);
    if (!st.step()) return std::nullopt;
    return Session{st.text(0), st.text(1), st.text(2), st.int64(3), st.int64(4)};
  }

  void delete_session(const std::string& token_hash) override {
    std::lock_guard lock(write_mutex_);
    writer_->prepare("DELETE FROM sessions WHERE token_hash = ?").bind(1, token_hash).run();
  }

  std::int64_t delete_expired_sessions(std::int64_t now) override {
    std::lock_guard lock(write_mutex_);
    writer_->prepare("DELETE FROM sessions WHERE expires_at_ms <= ?").bind(1, now).run();
    return writer_->changes();
  }

  // --- question sets ---
  std::int64_t publish_question_set(const QuestionSet& set, std::int64_t published_at_ms,
                                    const std::string& published_by) override {
    std::lock_guard lock(write_mutex_);
    Transaction tx(*writer_);
    if (!exists(*writer_, "SELECT 1 FROM units WHERE id = ?", set.unit_id))
      throw StoreError(StoreError::Kind::not_found, "unit " + set.unit_id + " does not exist");
    auto latest = writer_->prepare("SELECT max(version) FROM question_sets WHERE unit_id = ?");
    latest.bind(1, set.unit_id);
    latest.step();
    const std::int64_t newest = latest.is_null(0) ? 0 : latest.int64(0);
    QuestionSet stored = set;
    stored.version = set.version > newest ? set.version : newest + 1;
    writer_
        ->prepare(
            "INSERT INTO question_sets (unit_id, version, json, published_at_ms, published_by) "
            "VALUES (?, ?, ?, ?, ?)")
        .bind(1, stored.unit_id)
        .bind(2, stored.version)
        .bind(3, question_set_to_json(stored))
        .bind(4, published_at_ms)
        .bind(5, published_by)
        .run();
    auto q = writer_->prepare(
        "INSERT OR IGNORE INTO question_set_questions (unit_id, version, question_id) "
        "VALUES (?, ?, ?)");
    for (const Question& question : stored.questions) {
      q.bind(1, stored.unit_id).bind(2, stored.version).bind(3, question.id).run();
    }
    tx.commit();
    return stored.version;
  }

  std::optional<PublishedQuestionSet> latest_question_set(const std::string& unit_id) override {
    auto sets = read_question_sets(unit_id, true);
    if (sets.empty()) return std::nullopt;
    return std::move(sets.front());
  }

  std::vector<PublishedQuestionSet> question_sets(const std::string& unit_id) override {
    return read_question_sets(unit_id, false);
  }

  std::vector<std::pair<std::int64_t, std::string>> published_questions(
      const std::string& unit_id) override {
    auto r = reader();
    auto st = r->prepare(
        "SELECT version, question_id FROM question_set_questions WHERE unit_id = ? "
        "ORDER BY version, question_id");
    st.bind(1, unit_id);
    std::vector<std::pair<std::int64_t, std::string>> out;
    while (st.step()) out.emplace_back(st.int64(0), st.text(1));
    return out;
  }

  // --- responses ---
  IngestOutcome ingest(const std::vector<Response>& rows, const IngestContext& context) override {
    IngestOutcome out;
    std::lock_guard lock(write_mutex_);
    Transaction tx(*writer_);
    // Prepared once per store, not per batch: compiling these four cost as much as inserting
    // dozens of rows (profiled with hymy-hq-bench).
    if (!ingest_) ingest_ = std::make_unique<IngestStatements>(*writer_);
    IngestStatements& st = *ingest_;
    st.reset_all();  // a statement left mid-step by an earlier failure would refuse its binds
    // Tombstones are rare (erasure requests): look each id up only when there are any.
    const bool any_erased = st.any_erased.step();
    st.any_erased.reset();
    for (const Response& r : rows) {
      if (any_erased) {
        st.erased.bind(1, r.id);
        const bool was_erased = st.erased.step();
        st.erased.reset();
        if (was_erased) {
          out.duplicate.push_back(r.id);
          continue;
        }
      }
      Statement& insert = st.insert;
      Statement& held = st.held;
      insert.bind(1, r.id)
          .bind(2, r.unit_id)
          .bind(3, r.device_id)
          .bind(4, r.visit_id)
          .bind(5, r.question_id)
          .bind(6, r.question_set_version)
          .bind(7, r.rating)
          .bind(8, r.comment)
          .bind(9, r.language)
          .bind(10, r.answered_at_ms)
          .bind(11, r.utc_offset_min)
          .bind(12, static_cast<std::int64_t>(r.flags))
          .bind(13, to_string(r.channel))
          .bind(14, context.received_at_ms)
          .bind(15, context.clock_skew_ms);
      insert.run();
      if (writer_->changes() == 1) {
        out.accepted.push_back(r.id);
        continue;
      }
      held.bind(1, r.id);
      held.step();
      const StoredResponse existing = read_response(held);
      held.reset();
      const std::string reason = conflict_reason(existing.response, r);
      if (reason.empty()) {
        out.duplicate.push_back(r.id);
      } else {
        out.conflicts.push_back({r.id, reason});
      }
    }
    st.touch.bind(1, context.received_at_ms)
        .bind(2, context.clock_skew_ms)
        .bind(3, context.device_id)
        .run();
    tx.commit();
    return out;
  }

  std::vector<RatedAnswer> answers(const std::string& unit_id, std::int64_t from_ms,
                                   std::int64_t to_ms) override {
    auto r = reader();
    auto st = r->prepare(
        "SELECT id, question_id, answered_at_ms, rating, flags, channel, comment FROM responses "
        "WHERE unit_id = ? AND answered_at_ms >= ? AND answered_at_ms < ? "
        "ORDER BY answered_at_ms");
    st.bind(1, unit_id).bind(2, from_ms).bind(3, to_ms);
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

  std::map<std::int64_t, std::int64_t> daily_counts(const std::string& device_id,
                                                    std::int64_t from_ms,
                                                    std::int64_t to_ms) override {
    auto r = reader();
    // Floor division, so answers before 1970 would still land on the right day.
    auto st = r->prepare(
        "SELECT (answered_at_ms - ((answered_at_ms % ?1) + ?1) % ?1) / ?1 AS day, count(*) "
        "FROM responses WHERE device_id = ?2 AND answered_at_ms >= ?3 AND answered_at_ms < ?4 "
        "GROUP BY day");
    st.bind(1, kMsPerDay).bind(2, device_id).bind(3, from_ms).bind(4, to_ms);
    std::map<std::int64_t, std::int64_t> out;
    while (st.step()) out[st.int64(0)] = st.int64(1);
    return out;
  }

  std::optional<StoredResponse> response(const std::string& id) override {
    auto r = reader();
    auto st = r->prepare(std::string("SELECT ") + kResponseColumns + " FROM responses WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_response(st);
  }

  void for_each_response(const ResponseQuery& query,
                         const std::function<bool(const StoredResponse&)>& visit) override {
    auto r = reader();
    // Every filter is a fixed SQL fragment that is a no-op when its parameter is NULL, so the
    // statement text never depends on the values.
    std::string sql = std::string("SELECT ") + kResponseColumns + " FROM responses WHERE " +
                      kFilter + (query.newest_first ? " ORDER BY answered_at_ms DESC, id DESC"
                                                    : " ORDER BY answered_at_ms, id") +
                      " LIMIT ?11 OFFSET ?12";
    auto st = r->prepare(sql);
    bind_filter(st, query);
    st.bind(11, query.limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(query.limit));
    st.bind(12, static_cast<std::int64_t>(query.offset));
    while (st.step()) {
      if (!visit(read_response(st))) break;
    }
  }

  std::int64_t count_responses(const ResponseQuery& query) override {
    auto r = reader();
    auto st = r->prepare(std::string("SELECT count(*) FROM responses WHERE ") + kFilter);
    bind_filter(st, query);
    st.step();
    return st.int64(0);
  }

  std::int64_t erase_comments_before(std::int64_t before_ms) override {
    std::lock_guard lock(write_mutex_);
    writer_
        ->prepare("UPDATE responses SET comment = NULL WHERE answered_at_ms < ? AND comment IS NOT NULL")
        .bind(1, before_ms)
        .run();
    return writer_->changes();
  }

  bool erase_response(const std::string& id) override {
    std::lock_guard lock(write_mutex_);
    Transaction tx(*writer_);
    writer_->prepare("DELETE FROM responses WHERE id = ?").bind(1, id).run();
    if (writer_->changes() == 0) return false;
    writer_->prepare("INSERT OR IGNORE INTO erased_responses (id, erased_at_ms) VALUES (?, ?)")
        .bind(1, id)
        .bind(2, now_ms())
        .run();
    tx.commit();
    return true;
  }

 private:
  static constexpr const char* kFilter =
      "(?1 IS NULL OR unit_id IN (SELECT value FROM json_each(?1))) "
      "AND answered_at_ms >= ?2 AND answered_at_ms < ?3 "
      "AND (?4 IS NULL OR device_id = ?4) AND (?5 IS NULL OR question_id = ?5) "
      "AND (?6 IS NULL OR channel = ?6) AND (?7 IS NULL OR rating >= ?7) "
      "AND (?8 IS NULL OR rating <= ?8) AND (?9 = 0 OR comment IS NOT NULL)";

  static void bind_filter(Statement& st, const ResponseQuery& q) {
    if (q.unit_ids.empty()) {
      st.bind(1, std::nullopt);
    } else {
      st.bind(1, nlohmann::json(q.unit_ids).dump());
    }
    st.bind(2, q.from_ms).bind(3, q.to_ms).bind(4, q.device_id).bind(5, q.question_id);
    if (q.channel) {
      st.bind(6, to_string(*q.channel));
    } else {
      st.bind(6, std::nullopt);
    }
    st.bind(7, q.min_rating).bind(8, q.max_rating).bind(9, q.with_comment_only ? 1 : 0);
  }

  // A reader connection borrowed from the pool for one call.
  struct ReaderDeleter {
    SqliteHqStoreImpl* store;
    void operator()(Database* db) const { store->give_back(db); }
  };
  using Reader = std::unique_ptr<Database, ReaderDeleter>;

  Reader reader() {
    {
      std::lock_guard lock(pool_mutex_);
      if (!idle_readers_.empty()) {
        Database* db = idle_readers_.back().release();
        idle_readers_.pop_back();
        return Reader(db, ReaderDeleter{this});
      }
    }
    sqlite::OpenOptions open;
    open.synchronous_full = options_.synchronous_full;
    return Reader(new Database(path_, open), ReaderDeleter{this});
  }

  void give_back(Database* db) {
    std::unique_ptr<Database> owned(db);
    std::lock_guard lock(pool_mutex_);
    if (idle_readers_.size() < options_.max_readers) idle_readers_.push_back(std::move(owned));
  }

  static bool exists(Database& db, const char* sql, const std::string& value) {
    auto st = db.prepare(sql);
    st.bind(1, value);
    return st.step();
  }

  std::optional<DeviceRecord> one_device(const char* where, const std::string& value) {
    auto r = reader();
    auto st = r->prepare(std::string("SELECT ") + kDeviceColumns + " FROM devices " + where);
    st.bind(1, value);
    if (!st.step()) return std::nullopt;
    return read_device(st);
  }

  static Unit read_unit(Database& db, const Statement& st) {
    Unit u;
    u.id = st.text(0);
    u.time_zone = st.text(1);
    auto names = db.prepare("SELECT language, name FROM unit_names WHERE unit_id = ?");
    names.bind(1, u.id);
    while (names.step()) u.name[names.text(0)] = names.text(1);
    return u;
  }

  static User read_user(Database& db, const Statement& st) {
    User u;
    u.name = st.text(0);
    u.password_hash = st.text(1);
    u.role = role_from_string(st.text(2)).value_or(Role::viewer);
    u.created_at_ms = st.int64(3);
    auto units = db.prepare("SELECT unit_id FROM user_units WHERE user_name = ? ORDER BY unit_id");
    units.bind(1, u.name);
    while (units.step()) u.unit_ids.push_back(units.text(0));
    return u;
  }

  // Inside a write transaction.
  void insert_user_units(const std::string& name, const std::vector<std::string>& units) {
    auto insert = writer_->prepare("INSERT OR IGNORE INTO user_units (user_name, unit_id) VALUES (?, ?)");
    for (const std::string& unit_id : units) {
      if (!exists(*writer_, "SELECT 1 FROM units WHERE id = ?", unit_id))
        throw StoreError(StoreError::Kind::not_found, "unit " + unit_id + " does not exist");
      insert.bind(1, name).bind(2, unit_id).run();
    }
  }

  std::vector<PublishedQuestionSet> read_question_sets(const std::string& unit_id, bool latest_only) {
    auto r = reader();
    auto st = r->prepare(latest_only
                             ? "SELECT json, version, published_at_ms, published_by FROM "
                               "question_sets WHERE unit_id = ? ORDER BY version DESC LIMIT 1"
                             : "SELECT json, version, published_at_ms, published_by FROM "
                               "question_sets WHERE unit_id = ? ORDER BY version");
    st.bind(1, unit_id);
    std::vector<PublishedQuestionSet> out;
    while (st.step()) {
      PublishedQuestionSet p;
      p.set = parse_question_set(st.text(0), path_ + " question set " + unit_id + " v" +
                                                 std::to_string(st.int64(1)));
      p.set.unit_id = unit_id;
      p.set.version = st.int64(1);
      p.published_at_ms = st.int64(2);
      p.published_by = st.text(3);
      out.push_back(std::move(p));
    }
    return out;
  }

  std::string path_;
  SqliteHqStoreOptions options_;
  std::mutex write_mutex_;
  std::unique_ptr<Database> writer_;
  // The writer's statements for ingest (under write_mutex_); declared after writer_ so they are
  // finalized before it closes.
  struct IngestStatements {
    explicit IngestStatements(Database& db)
        : insert(db.prepare(
              "INSERT INTO responses (id, unit_id, device_id, visit_id, question_id, "
              "question_set_version, rating, comment, language, answered_at_ms, utc_offset_min, "
              "flags, channel, received_at_ms, clock_skew_ms) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")),
          held(db.prepare(std::string("SELECT ") + kResponseColumns + " FROM responses WHERE id = ?")),
          erased(db.prepare("SELECT 1 FROM erased_responses WHERE id = ?")),
          any_erased(db.prepare("SELECT 1 FROM erased_responses LIMIT 1")),
          touch(db.prepare(
              "UPDATE devices SET last_seen_ms = max(coalesce(last_seen_ms, 0), ?), "
              "last_clock_skew_ms = ? WHERE id = ?")) {}
    void reset_all() {
      for (Statement* s : {&insert, &held, &erased, &any_erased, &touch}) s->reset();
    }
    Statement insert, held, erased, any_erased, touch;
  };
  std::unique_ptr<IngestStatements> ingest_;
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<Database>> idle_readers_;
};

}  // namespace

std::unique_ptr<HqStore> open_sqlite_hq_store_file(const std::string& path,
                                                   const SqliteHqStoreOptions& options) {
  return std::make_unique<SqliteHqStoreImpl>(path, options);
}

std::unique_ptr<HqStore> open_sqlite_hq_store(const std::string& data_dir,
                                              const SqliteHqStoreOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) {
    throw std::runtime_error("cannot create data directory " + data_dir + ": " + ec.message());
  }
  return open_sqlite_hq_store_file((std::filesystem::path(data_dir) / kHqDatabaseFile).string(),
                                   options);
}

}  // namespace hymy::hq
