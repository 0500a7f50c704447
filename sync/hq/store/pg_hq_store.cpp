// The PostgreSQL HqStore. Each call borrows one pooled connection; writes that touch several rows
// run in one transaction. A batch is inserted by one statement: its columns travel as array
// parameters and unnest() turns them back into rows (no SQL text is built from values).
#include "store/pg_hq_store.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "hymy/clock.hpp"
#include "hymy/question_set_json.hpp"
#include "store/pg_connection.hpp"
#include "store/pg_hq_schema.hpp"
#include "store/response_difference.hpp"

namespace hymy::hq {
namespace {

using pg::param;

constexpr std::int64_t kMsPerDay = 86'400'000;

// Columns of `responses` in the order read_response expects.
constexpr const char* kResponseColumns =
    "id, unit_id, device_id, visit_id, question_id, question_set_version, rating, comment, "
    "language, answered_at_ms, utc_offset_min, flags, channel, received_at_ms, clock_skew_ms";

StoredResponse read_response(const pg::Result& res, int i) {
  StoredResponse s;
  Response& r = s.response;
  r.id = res.text(i, 0);
  r.unit_id = res.text(i, 1);
  r.device_id = res.text(i, 2);
  r.visit_id = res.text(i, 3);
  r.question_id = res.text(i, 4);
  r.question_set_version = res.int64(i, 5);
  r.rating = res.int32(i, 6);
  r.comment = res.optional_text(i, 7);
  r.language = res.text(i, 8);
  r.answered_at_ms = res.int64(i, 9);
  r.utc_offset_min = res.int32(i, 10);
  r.flags = static_cast<std::uint32_t>(res.int64(i, 11));
  r.channel = channel_from_string(res.text(i, 12)).value_or(Channel::kiosk);
  s.received_at_ms = res.int64(i, 13);
  s.clock_skew_ms = res.int64(i, 14);
  return s;
}

constexpr const char* kDeviceColumns =
    "id, unit_id, token_hash, revoked, enrolled_at_ms, last_seen_ms, last_clock_skew_ms";

DeviceRecord read_device(const pg::Result& res, int i) {
  DeviceRecord d;
  d.id = res.text(i, 0);
  d.unit_id = res.text(i, 1);
  d.token_hash = res.text(i, 2);
  d.revoked = res.text(i, 3) == "t";
  d.enrolled_at_ms = res.int64(i, 4);
  if (!res.is_null(i, 5)) d.last_seen_ms = res.int64(i, 5);
  if (!res.is_null(i, 6)) d.last_clock_skew_ms = res.int64(i, 6);
  return d;
}

// The filter of ResponseQuery: every condition is a no-op when its parameter is NULL, so the
// statement text never depends on the values. Parameters $1..$9.
constexpr const char* kFilter =
    "($1::text[] IS NULL OR unit_id = ANY($1::text[])) "
    "AND answered_at_ms >= $2::bigint AND answered_at_ms < $3::bigint "
    "AND ($4::text IS NULL OR device_id = $4::text) AND ($5::text IS NULL OR question_id = $5::text) "
    "AND ($6::text IS NULL OR channel = $6::text) AND ($7::int IS NULL OR rating >= $7::int) "
    "AND ($8::int IS NULL OR rating <= $8::int) AND (NOT $9::boolean OR comment IS NOT NULL)";

std::vector<pg::Param> filter_params(const ResponseQuery& q) {
  std::vector<pg::Param> p;
  if (q.unit_ids.empty()) {
    p.emplace_back(std::nullopt);
  } else {
    p.push_back(pg::text_array({q.unit_ids.begin(), q.unit_ids.end()}));
  }
  p.push_back(param(q.from_ms));
  p.push_back(param(q.to_ms));
  p.push_back(param(q.device_id));
  p.push_back(param(q.question_id));
  p.push_back(q.channel ? param(to_string(*q.channel)) : std::nullopt);
  p.push_back(param(q.min_rating));
  p.push_back(param(q.max_rating));
  p.push_back(param(q.with_comment_only ? "true" : "false"));
  return p;
}

// The batch insert: one row per array element; erased ids are skipped, held ids left alone.
constexpr const char* kInsertBatch = R"sql(
INSERT INTO responses (id, unit_id, device_id, visit_id, question_id, question_set_version, rating,
                       comment, language, answered_at_ms, utc_offset_min, flags, channel,
                       received_at_ms, clock_skew_ms)
SELECT r.id, r.unit_id, r.device_id, r.visit_id, r.question_id, r.question_set_version, r.rating,
       r.comment, r.language, r.answered_at_ms, r.utc_offset_min, r.flags, r.channel,
       $14::bigint, $15::bigint
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[],
            $7::smallint[], $8::text[], $9::text[], $10::bigint[], $11::int[], $12::bigint[],
            $13::text[])
     WITH ORDINALITY AS r(id, unit_id, device_id, visit_id, question_id, question_set_version,
                          rating, comment, language, answered_at_ms, utc_offset_min, flags,
                          channel, n)
WHERE NOT EXISTS (SELECT 1 FROM erased_responses e WHERE e.id = r.id)
ORDER BY r.n
ON CONFLICT (id) DO NOTHING
RETURNING id
)sql";

class PgHqStoreImpl final : public HqStore {
 public:
  PgHqStoreImpl(const std::string& conninfo, const PgHqStoreOptions& options)
      : where_("PostgreSQL " + pg::redact(conninfo)),
        pool_(conninfo, options.max_connections, options.wait_for_connection) {
    auto c = pool_.borrow();
    pg_migrate(*c, where_);
  }

  void check_health() override { pool_.borrow()->exec("SELECT 1 FROM units LIMIT 1"); }

  // --- units ---
  void add_unit(const Unit& unit) override {
    if (unit.id.empty()) throw StoreError(StoreError::Kind::invalid, "unit id: must not be empty");
    auto c = pool_.borrow();
    pg::Transaction tx(*c);
    const auto inserted = c->exec(
        "INSERT INTO units (id, time_zone, created_at_ms) VALUES ($1, $2, $3) "
        "ON CONFLICT (id) DO NOTHING",
        {param(unit.id), param(unit.time_zone), param(now_ms())});
    if (inserted.affected() == 0)
      throw StoreError(StoreError::Kind::already_exists, "unit " + unit.id + " already exists");
    for (const auto& [language, name] : unit.name) {
      c->exec("INSERT INTO unit_names (unit_id, language, name) VALUES ($1, $2, $3)",
              {param(unit.id), param(language), param(name)});
    }
    tx.commit();
  }

  std::optional<Unit> unit(const std::string& unit_id) override {
    auto units = read_units(unit_id);
    if (units.empty()) return std::nullopt;
    return std::move(units.front());
  }

  std::vector<Unit> units() override { return read_units(std::nullopt); }

  // --- devices ---
  void add_device(const DeviceRecord& device) override {
    if (device.id.empty())
      throw StoreError(StoreError::Kind::invalid, "device id: must not be empty");
    auto c = pool_.borrow();
    pg::Transaction tx(*c);
    if (c->exec("SELECT 1 FROM units WHERE id = $1", {param(device.unit_id)}).rows() == 0)
      throw StoreError(StoreError::Kind::not_found, "unit " + device.unit_id + " does not exist");
    const auto inserted = c->exec(
        "INSERT INTO devices (id, unit_id, token_hash, revoked, enrolled_at_ms) "
        "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        {param(device.id), param(device.unit_id), param(device.token_hash),
         param(device.revoked ? "true" : "false"), param(device.enrolled_at_ms)});
    if (inserted.affected() == 0) {
      if (c->exec("SELECT 1 FROM devices WHERE id = $1", {param(device.id)}).rows() > 0)
        throw StoreError(StoreError::Kind::already_exists, "device " + device.id + " already exists");
      throw StoreError(StoreError::Kind::already_exists, "a device with this token already exists");
    }
    tx.commit();
  }

  std::optional<DeviceRecord> device(const std::string& device_id) override {
    return one_device("id", device_id);
  }

  std::optional<DeviceRecord> device_by_token_hash(const std::string& token_hash) override {
    return one_device("token_hash", token_hash);
  }

  std::vector<DeviceRecord> devices(const std::optional<std::string>& unit_id) override {
    auto c = pool_.borrow();
    const auto res = c->exec(std::string("SELECT ") + kDeviceColumns +
                                 " FROM devices WHERE $1::text IS NULL OR unit_id = $1::text "
                                 "ORDER BY id",
                             {param(unit_id)});
    std::vector<DeviceRecord> out;
    for (int i = 0; i < res.rows(); ++i) out.push_back(read_device(res, i));
    return out;
  }

  void revoke_device(const std::string& device_id) override {
    auto c = pool_.borrow();
    if (c->exec("UPDATE devices SET revoked = true WHERE id = $1", {param(device_id)}).affected() == 0)
      throw StoreError(StoreError::Kind::not_found, "device " + device_id + " does not exist");
  }

  void touch_device(const std::string& device_id, std::int64_t seen_at_ms) override {
    pool_.borrow()->exec(
        "UPDATE devices SET last_seen_ms = greatest(coalesce(last_seen_ms, 0), $1) WHERE id = $2",
        {param(seen_at_ms), param(device_id)});
  }

  // --- users and sessions ---
  void add_user(const User& user) override {
    if (user.name.empty()) throw StoreError(StoreError::Kind::invalid, "user name: must not be empty");
    auto c = pool_.borrow();
    pg::Transaction tx(*c);
    const auto inserted = c->exec(
        "INSERT INTO users (name, password_hash, role, created_at_ms) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (name) DO NOTHING",
        {param(user.name), param(user.password_hash), param(to_string(user.role)),
         param(user.created_at_ms)});
    if (inserted.affected() == 0)
      throw StoreError(StoreError::Kind::already_exists, "user " + user.name + " already exists");
    insert_user_units(*c, user.name, user.unit_ids);
    tx.commit();
  }

  std::optional<User> user(const std::string& name) override {
    auto users = read_users(name);
    if (users.empty()) return std::nullopt;
    return std::move(users.front());
  }

  std::vector<User> users() override { return read_users(std::nullopt); }

  void set_password_hash(const std::string& name, const std::string& hash) override {
    auto c = pool_.borrow();
    if (c->exec("UPDATE users SET password_hash = $1 WHERE name = $2", {param(hash), param(name)})
            .affected() == 0)
      throw StoreError(StoreError::Kind::not_found, "user " + name + " does not exist");
  }

  void set_user_units(const std::string& name, const std::vector<std::string>& units) override {
    auto c = pool_.borrow();
    pg::Transaction tx(*c);
    if (c->exec("SELECT 1 FROM users WHERE name = $1 FOR UPDATE", {param(name)}).rows() == 0)
      throw StoreError(StoreError::Kind::not_found, "user " + name + " does not exist");
    c->exec("DELETE FROM user_units WHERE user_name = $1", {param(name)});
    insert_user_units(*c, name, units);
    tx.commit();
  }

  void delete_user(const std::string& name) override {
    auto c = pool_.borrow();
    if (c->exec("DELETE FROM users WHERE name = $1", {param(name)}).affected() == 0)
      throw StoreError(StoreError::Kind::not_found, "user " + name + " does not exist");
  }

  void add_session(const Session& s) override {
    auto c = pool_.borrow();
    try {
      c->exec(
          "INSERT INTO sessions (token_hash, user_name, csrf_token, created_at_ms, expires_at_ms) "
          "VALUES ($1, $2, $3, $4, $5)",
          {param(s.token_hash), param(s.user_name), param(s.csrf_token), param(s.created_at_ms),
           param(s.expires_at_ms)});
    } catch (const pg::Error& e) {
      if (e.sqlstate() == "23503")
        throw StoreError(StoreError::Kind::not_found, "user " + s.user_name + " does not exist");
      if (e.sqlstate() == "23505")
        throw StoreError(StoreError::Kind::already_exists, "the session already exists");
      throw;
    }
  }

  std::optional<Session> session(const std::string& token_hash) override {
    const auto res = pool_.borrow()->exec(
        "SELECT token_hash, user_name, csrf_token, created_at_ms, expires_at_ms FROM sessions "
        "WHERE token_hash = $1",
        {param(token_hash)});
    if (res.rows() == 0) return std::nullopt;
    return Session{res.text(0, 0), res.text(0, 1), res.text(0, 2), res.int64(0, 3), res.int64(0, 4)};
  }

  void delete_session(const std::string& token_hash) override {
    pool_.borrow()->exec("DELETE FROM sessions WHERE token_hash = $1", {param(token_hash)});
  }

  std::int64_t delete_expired_sessions(std::int64_t now) override {
    return pool_.borrow()
        ->exec("DELETE FROM sessions WHERE expires_at_ms <= $1", {param(now)})
        .affected();
  }

  // --- question sets ---
  std::int64_t publish_question_set(const QuestionSet& set, std::int64_t published_at_ms,
                                    const std::string& published_by) override {
    auto c = pool_.borrow();
    pg::Transaction tx(*c);
    // Locking the unit's row serialises publishers of one unit, so versions never collide.
    if (c->exec("SELECT 1 FROM units WHERE id = $1 FOR UPDATE", {param(set.unit_id)}).rows() == 0)
      throw StoreError(StoreError::Kind::not_found, "unit " + set.unit_id + " does not exist");
    const auto latest = c->exec("SELECT max(version) FROM question_sets WHERE unit_id = $1",
                                {param(set.unit_id)});
    const std::int64_t newest = latest.is_null(0, 0) ? 0 : latest.int64(0, 0);
    QuestionSet stored = set;
    stored.version = set.version > newest ? set.version : newest + 1;
    c->exec(
        "INSERT INTO question_sets (unit_id, version, json, published_at_ms, published_by) "
        "VALUES ($1, $2, $3, $4, $5)",
        {param(stored.unit_id), param(stored.version), param(question_set_to_json(stored)),
         param(published_at_ms), param(published_by)});
    std::vector<std::optional<std::string>> ids;
    for (const Question& q : stored.questions) ids.emplace_back(q.id);
    c->exec(
        "INSERT INTO question_set_questions (unit_id, version, question_id) "
        "SELECT $1, $2, q FROM unnest($3::text[]) AS q ON CONFLICT DO NOTHING",
        {param(stored.unit_id), param(stored.version), pg::text_array(ids)});
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
    const auto res = pool_.borrow()->exec(
        "SELECT version, question_id FROM question_set_questions WHERE unit_id = $1 "
        "ORDER BY version, question_id",
        {param(unit_id)});
    std::vector<std::pair<std::int64_t, std::string>> out;
    for (int i = 0; i < res.rows(); ++i) out.emplace_back(res.int64(i, 0), res.text(i, 1));
    return out;
  }

  // --- responses ---
  IngestOutcome ingest(const std::vector<Response>& rows, const IngestContext& context) override {
    IngestOutcome out;
    std::vector<std::optional<std::string>> ids, units, devices, visits, questions, comments,
        languages, channels;
    std::vector<std::int64_t> versions, ratings, answered, offsets, flags;
    for (const Response& r : rows) {
      ids.emplace_back(r.id);
      units.emplace_back(r.unit_id);
      devices.emplace_back(r.device_id);
      visits.emplace_back(r.visit_id);
      questions.emplace_back(r.question_id);
      versions.push_back(r.question_set_version);
      ratings.push_back(r.rating);
      comments.push_back(r.comment);
      languages.emplace_back(r.language);
      answered.push_back(r.answered_at_ms);
      offsets.push_back(r.utc_offset_min);
      flags.push_back(static_cast<std::int64_t>(r.flags));
      channels.emplace_back(to_string(r.channel));
    }
    const pg::Param id_array = pg::text_array(ids);

    auto c = pool_.borrow();
    pg::Transaction tx(*c);
    std::multiset<std::string> inserted;
    if (!rows.empty()) {
      const auto res = c->exec(
          kInsertBatch,
          {id_array, pg::text_array(units), pg::text_array(devices), pg::text_array(visits),
           pg::text_array(questions), pg::int_array(versions), pg::int_array(ratings),
           pg::text_array(comments), pg::text_array(languages), pg::int_array(answered),
           pg::int_array(offsets), pg::int_array(flags), pg::text_array(channels),
           param(context.received_at_ms), param(context.clock_skew_ms)});
      for (int i = 0; i < res.rows(); ++i) inserted.insert(res.text(i, 0));
    }
    // Rows not inserted were erased before, or are held already (perhaps from earlier in this
    // very batch): look both up once, then sort every row into its list in batch order.
    std::set<std::string> erased;
    std::unordered_map<std::string, Response> held;
    if (inserted.size() < rows.size()) {
      const auto e = c->exec("SELECT id FROM erased_responses WHERE id = ANY($1::text[])", {id_array});
      for (int i = 0; i < e.rows(); ++i) erased.insert(e.text(i, 0));
      const auto h = c->exec(std::string("SELECT ") + kResponseColumns +
                                 " FROM responses WHERE id = ANY($1::text[])",
                             {id_array});
      for (int i = 0; i < h.rows(); ++i) {
        StoredResponse s = read_response(h, i);
        held.emplace(s.response.id, std::move(s.response));
      }
    }
    for (const Response& r : rows) {
      if (const auto it = inserted.find(r.id); it != inserted.end()) {
        inserted.erase(it);
        out.accepted.push_back(r.id);
        continue;
      }
      if (erased.count(r.id)) {
        out.duplicate.push_back(r.id);
        continue;
      }
      const auto it = held.find(r.id);
      const std::string reason =
          it == held.end() ? "conflict: HQ already holds this id with other content: it could not be stored"
                           : conflict_reason(it->second, r);
      if (reason.empty()) {
        out.duplicate.push_back(r.id);
      } else {
        out.conflicts.push_back({r.id, reason});
      }
    }
    c->exec(
        "UPDATE devices SET last_seen_ms = greatest(coalesce(last_seen_ms, 0), $1), "
        "last_clock_skew_ms = $2 WHERE id = $3",
        {param(context.received_at_ms), param(context.clock_skew_ms), param(context.device_id)});
    tx.commit();
    return out;
  }

  std::vector<RatedAnswer> answers(const std::string& unit_id, std::int64_t from_ms,
                                   std::int64_t to_ms) override {
    const auto res = pool_.borrow()->exec(
        "SELECT id, question_id, answered_at_ms, rating, flags, channel, comment FROM responses "
        "WHERE unit_id = $1 AND answered_at_ms >= $2 AND answered_at_ms < $3 "
        "ORDER BY answered_at_ms",
        {param(unit_id), param(from_ms), param(to_ms)});
    std::vector<RatedAnswer> out;
    out.reserve(static_cast<std::size_t>(res.rows()));
    for (int i = 0; i < res.rows(); ++i) {
      RatedAnswer a;
      a.id = res.text(i, 0);
      a.question_id = res.text(i, 1);
      a.answered_at_ms = res.int64(i, 2);
      a.rating = res.int32(i, 3);
      a.flags = static_cast<std::uint32_t>(res.int64(i, 4));
      a.channel = channel_from_string(res.text(i, 5)).value_or(Channel::kiosk);
      a.comment = res.optional_text(i, 6);
      out.push_back(std::move(a));
    }
    return out;
  }

  std::map<std::int64_t, std::int64_t> daily_counts(const std::string& device_id,
                                                    std::int64_t from_ms,
                                                    std::int64_t to_ms) override {
    // Floor division, so answers before 1970 would still land on the right day.
    const auto res = pool_.borrow()->exec(
        "SELECT (answered_at_ms - ((answered_at_ms % $1::bigint) + $1::bigint) % $1::bigint) "
        "/ $1::bigint AS day, count(*) FROM responses "
        "WHERE device_id = $2 AND answered_at_ms >= $3 AND answered_at_ms < $4 GROUP BY day",
        {param(kMsPerDay), param(device_id), param(from_ms), param(to_ms)});
    std::map<std::int64_t, std::int64_t> out;
    for (int i = 0; i < res.rows(); ++i) out[res.int64(i, 0)] = res.int64(i, 1);
    return out;
  }

  std::optional<StoredResponse> response(const std::string& id) override {
    const auto res = pool_.borrow()->exec(
        std::string("SELECT ") + kResponseColumns + " FROM responses WHERE id = $1", {param(id)});
    if (res.rows() == 0) return std::nullopt;
    return read_response(res, 0);
  }

  void for_each_response(const ResponseQuery& query,
                         const std::function<bool(const StoredResponse&)>& visit) override {
    auto params = filter_params(query);
    params.push_back(query.limit == 0 ? std::nullopt
                                      : param(static_cast<std::int64_t>(query.limit)));
    params.push_back(param(static_cast<std::int64_t>(query.offset)));
    auto c = pool_.borrow();
    // A cursor, so an export of millions of rows is fetched a slice at a time.
    pg::Transaction tx(*c);
    c->exec(std::string("DECLARE responses_cursor NO SCROLL CURSOR FOR SELECT ") +
                kResponseColumns + " FROM responses WHERE " + kFilter +
                (query.newest_first ? " ORDER BY answered_at_ms DESC, id DESC"
                                    : " ORDER BY answered_at_ms, id") +
                " LIMIT $10::bigint OFFSET $11::bigint",
            params);
    for (;;) {
      const auto res = c->exec("FETCH 1000 FROM responses_cursor");
      for (int i = 0; i < res.rows(); ++i) {
        if (!visit(read_response(res, i))) return;  // the transaction's rollback closes the cursor
      }
      if (res.rows() < 1000) break;
    }
    tx.commit();
  }

  std::int64_t count_responses(const ResponseQuery& query) override {
    return pool_.borrow()
        ->exec(std::string("SELECT count(*) FROM responses WHERE ") + kFilter, filter_params(query))
        .int64(0, 0);
  }

  std::int64_t erase_comments_before(std::int64_t before_ms) override {
    return pool_.borrow()
        ->exec(
            "UPDATE responses SET comment = NULL WHERE answered_at_ms < $1 AND comment IS NOT NULL",
            {param(before_ms)})
        .affected();
  }

  bool erase_response(const std::string& id) override {
    auto c = pool_.borrow();
    pg::Transaction tx(*c);
    if (c->exec("DELETE FROM responses WHERE id = $1", {param(id)}).affected() == 0) return false;
    c->exec(
        "INSERT INTO erased_responses (id, erased_at_ms) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        {param(id), param(now_ms())});
    tx.commit();
    return true;
  }

 private:
  std::optional<DeviceRecord> one_device(const char* column, const std::string& value) {
    // `column` is one of two fixed names chosen by the caller above, never a value.
    const auto res = pool_.borrow()->exec(
        std::string("SELECT ") + kDeviceColumns + " FROM devices WHERE " + column + " = $1",
        {param(value)});
    if (res.rows() == 0) return std::nullopt;
    return read_device(res, 0);
  }

  std::vector<Unit> read_units(const std::optional<std::string>& unit_id) {
    auto c = pool_.borrow();
    const auto res = c->exec(
        "SELECT id, time_zone FROM units WHERE $1::text IS NULL OR id = $1::text ORDER BY id",
        {param(unit_id)});
    const auto names = c->exec(
        "SELECT unit_id, language, name FROM unit_names WHERE $1::text IS NULL OR unit_id = $1::text",
        {param(unit_id)});
    std::vector<Unit> out;
    std::unordered_map<std::string, std::size_t> index;
    for (int i = 0; i < res.rows(); ++i) {
      Unit u;
      u.id = res.text(i, 0);
      u.time_zone = res.text(i, 1);
      index[u.id] = out.size();
      out.push_back(std::move(u));
    }
    for (int i = 0; i < names.rows(); ++i) {
      if (const auto it = index.find(names.text(i, 0)); it != index.end())
        out[it->second].name[names.text(i, 1)] = names.text(i, 2);
    }
    return out;
  }

  std::vector<User> read_users(const std::optional<std::string>& name) {
    auto c = pool_.borrow();
    const auto res = c->exec(
        "SELECT name, password_hash, role, created_at_ms FROM users "
        "WHERE $1::text IS NULL OR name = $1::text ORDER BY name",
        {param(name)});
    const auto units = c->exec(
        "SELECT user_name, unit_id FROM user_units WHERE $1::text IS NULL OR user_name = $1::text "
        "ORDER BY user_name, unit_id",
        {param(name)});
    std::vector<User> out;
    std::unordered_map<std::string, std::size_t> index;
    for (int i = 0; i < res.rows(); ++i) {
      User u;
      u.name = res.text(i, 0);
      u.password_hash = res.text(i, 1);
      u.role = role_from_string(res.text(i, 2)).value_or(Role::viewer);
      u.created_at_ms = res.int64(i, 3);
      index[u.name] = out.size();
      out.push_back(std::move(u));
    }
    for (int i = 0; i < units.rows(); ++i) {
      if (const auto it = index.find(units.text(i, 0)); it != index.end())
        out[it->second].unit_ids.push_back(units.text(i, 1));
    }
    return out;
  }

  // Inside a write transaction.
  static void insert_user_units(pg::Connection& c, const std::string& name,
                                const std::vector<std::string>& units) {
    for (const std::string& unit_id : units) {
      if (c.exec("SELECT 1 FROM units WHERE id = $1", {param(unit_id)}).rows() == 0)
        throw StoreError(StoreError::Kind::not_found, "unit " + unit_id + " does not exist");
      c.exec("INSERT INTO user_units (user_name, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
             {param(name), param(unit_id)});
    }
  }

  std::vector<PublishedQuestionSet> read_question_sets(const std::string& unit_id, bool latest_only) {
    const auto res = pool_.borrow()->exec(
        latest_only ? "SELECT json, version, published_at_ms, published_by FROM question_sets "
                      "WHERE unit_id = $1 ORDER BY version DESC LIMIT 1"
                    : "SELECT json, version, published_at_ms, published_by FROM question_sets "
                      "WHERE unit_id = $1 ORDER BY version",
        {param(unit_id)});
    std::vector<PublishedQuestionSet> out;
    for (int i = 0; i < res.rows(); ++i) {
      PublishedQuestionSet p;
      p.set = parse_question_set(res.text(i, 0), where_ + " question set " + unit_id + " v" +
                                                     std::to_string(res.int64(i, 1)));
      p.set.unit_id = unit_id;
      p.set.version = res.int64(i, 1);
      p.published_at_ms = res.int64(i, 2);
      p.published_by = res.text(i, 3);
      out.push_back(std::move(p));
    }
    return out;
  }

  std::string where_;
  pg::Pool pool_;
};

}  // namespace

std::unique_ptr<HqStore> open_pg_hq_store(const std::string& conninfo,
                                          const PgHqStoreOptions& options) {
  return std::make_unique<PgHqStoreImpl>(conninfo, options);
}

}  // namespace hymy::hq
