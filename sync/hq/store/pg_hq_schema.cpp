// HQ's PostgreSQL schema, version by version, and the migration runner. Identifiers and names
// are COLLATE "C": compared and ordered byte by byte, as in SQLite, whatever the server's locale.
#include "store/pg_hq_schema.hpp"

#include <stdexcept>

namespace hymy::hq {
namespace {

// pg_advisory_xact_lock key of HQ's migrations ("HYHQ").
constexpr std::int64_t kMigrationLock = 0x48594851;

}  // namespace

const std::vector<PgMigration>& pg_hq_migrations() {
  static const std::vector<PgMigration> steps = {
      {"units, devices, users, sessions, question sets, responses", R"sql(
CREATE TABLE units (
  id            TEXT COLLATE "C" PRIMARY KEY,
  time_zone     TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL
);
CREATE TABLE unit_names (
  unit_id  TEXT COLLATE "C" NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  language TEXT COLLATE "C" NOT NULL,
  name     TEXT NOT NULL,
  PRIMARY KEY (unit_id, language)
);
CREATE TABLE devices (
  id                 TEXT COLLATE "C" PRIMARY KEY,
  unit_id            TEXT COLLATE "C" NOT NULL REFERENCES units(id),
  token_hash         TEXT COLLATE "C" NOT NULL UNIQUE,
  revoked            BOOLEAN NOT NULL DEFAULT false,
  enrolled_at_ms     BIGINT NOT NULL,
  last_seen_ms       BIGINT,
  last_clock_skew_ms BIGINT
);
CREATE INDEX devices_unit ON devices (unit_id);
CREATE TABLE users (
  name          TEXT COLLATE "C" PRIMARY KEY,
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
  created_at_ms BIGINT NOT NULL
);
CREATE TABLE user_units (
  user_name TEXT COLLATE "C" NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  unit_id   TEXT COLLATE "C" NOT NULL REFERENCES units(id),
  PRIMARY KEY (user_name, unit_id)
);
CREATE TABLE sessions (
  token_hash    TEXT COLLATE "C" PRIMARY KEY,
  user_name     TEXT COLLATE "C" NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  csrf_token    TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  expires_at_ms BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at_ms);
CREATE TABLE question_sets (
  unit_id         TEXT COLLATE "C" NOT NULL REFERENCES units(id),
  version         BIGINT NOT NULL,
  json            TEXT NOT NULL,
  published_at_ms BIGINT NOT NULL,
  published_by    TEXT NOT NULL,
  PRIMARY KEY (unit_id, version)
);
CREATE TABLE question_set_questions (
  unit_id     TEXT COLLATE "C" NOT NULL,
  version     BIGINT NOT NULL,
  question_id TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (unit_id, version, question_id),
  FOREIGN KEY (unit_id, version) REFERENCES question_sets(unit_id, version)
);
-- No foreign keys here: rows arrive only through ingest, which takes unit and device from the
-- device's record, and the checks would cost every insert.
CREATE TABLE responses (
  id                   TEXT COLLATE "C" PRIMARY KEY,
  unit_id              TEXT COLLATE "C" NOT NULL,
  device_id            TEXT COLLATE "C" NOT NULL,
  visit_id             TEXT NOT NULL,
  question_id          TEXT COLLATE "C" NOT NULL,
  question_set_version BIGINT NOT NULL,
  rating               SMALLINT NOT NULL CHECK (rating BETWEEN 1 AND 4),
  comment              TEXT,
  language             TEXT NOT NULL,
  answered_at_ms       BIGINT NOT NULL,
  utc_offset_min       INTEGER NOT NULL,
  flags                BIGINT NOT NULL,
  channel              TEXT NOT NULL CHECK (channel IN ('kiosk', 'staff')),
  received_at_ms       BIGINT NOT NULL,
  clock_skew_ms        BIGINT NOT NULL
);
-- Figures read one unit's answers over a local day: a range scan of this index (replaced in
-- step 2).
CREATE INDEX responses_unit_time ON responses (unit_id, answered_at_ms);
-- Reconciliation counts one device's answers per day.
CREATE INDEX responses_device_time ON responses (device_id, answered_at_ms);
-- Exports over all units in time order.
CREATE INDEX responses_time ON responses (answered_at_ms);
-- Ids of erased responses, so that a tablet re-sending one gets "duplicate" and it stays erased.
CREATE TABLE erased_responses (
  id           TEXT COLLATE "C" PRIMARY KEY,
  erased_at_ms BIGINT NOT NULL
);
)sql"},
      {"covering index for a unit's answers over time", R"sql(
-- Measured at 10 million answers: the heap holds a day's rows of all units interleaved (they
-- arrive in time order), so fetching one unit's day from the heap touched a page per answer, and
-- the planner preferred scanning every unit's rows of that day (p99 over 50 ms). With the
-- answers' own columns in the index it is one short index-only range scan. (Comments are at
-- most 500 code points, 2,000 bytes: within a B-tree entry's limit.)
CREATE INDEX responses_unit_figures ON responses (unit_id, answered_at_ms)
  INCLUDE (id, question_id, rating, flags, channel, comment);
DROP INDEX responses_unit_time;
)sql"},
  };
  return steps;
}

int pg_schema_version(pg::Connection& c) {
  if (c.exec("SELECT to_regclass('schema_version') IS NOT NULL").text(0, 0) != "t") return 0;
  const pg::Result r = c.exec("SELECT application, version FROM schema_version");
  return r.rows() == 0 ? 0 : r.int32(0, 1);
}

void pg_migrate(pg::Connection& c, const std::string& where) {
  const auto& steps = pg_hq_migrations();
  const int newest = static_cast<int>(steps.size());
  {
    pg::Transaction tx(c);
    c.exec("SELECT pg_advisory_xact_lock($1)", {pg::param(kMigrationLock)});
    const bool has_table = c.exec("SELECT to_regclass('schema_version') IS NOT NULL").text(0, 0) == "t";
    if (!has_table) {
      // An empty schema becomes HQ's; one holding other tables belongs to something else.
      const pg::Result other = c.exec(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
          "ORDER BY table_name LIMIT 1");
      if (other.rows() > 0) {
        throw std::runtime_error(where + ": the database already holds tables (e.g. \"" +
                                 other.text(0, 0) +
                                 "\") but no hymy-hq schema_version; give hymy-hq a database (or "
                                 "schema) of its own");
      }
      c.exec(
          "CREATE TABLE schema_version (application TEXT NOT NULL, version INTEGER NOT NULL, "
          "migrated_at TIMESTAMPTZ NOT NULL DEFAULT now())");
      c.exec("INSERT INTO schema_version (application, version) VALUES ($1, 0)",
             {pg::param(kPgApplication)});
    }
    const pg::Result r = c.exec("SELECT application, version FROM schema_version");
    if (r.rows() != 1 || r.text(0, 0) != kPgApplication) {
      throw std::runtime_error(where + ": schema_version belongs to " +
                               (r.rows() == 1 ? "\"" + r.text(0, 0) + "\"" : "nothing") +
                               ", not to hymy-hq; give hymy-hq a database (or schema) of its own");
    }
    const int version = r.int32(0, 1);
    if (version > newest) {
      throw std::runtime_error(where + ": the database has schema version " +
                               std::to_string(version) + ", newer than this hymy-hq knows (" +
                               std::to_string(newest) + "); run a newer hymy-hq");
    }
    tx.commit();
  }
  for (int v = 1; v <= newest; ++v) {
    pg::Transaction tx(c);
    c.exec("SELECT pg_advisory_xact_lock($1)", {pg::param(kMigrationLock)});
    // Re-read inside the lock: another process may have taken this step meanwhile.
    if (c.exec("SELECT version FROM schema_version").int32(0, 0) >= v) continue;
    try {
      c.exec_script(steps[static_cast<std::size_t>(v - 1)].sql);
    } catch (const pg::Error& e) {
      throw std::runtime_error(where + ": schema step " + std::to_string(v) + " (" +
                               steps[static_cast<std::size_t>(v - 1)].description +
                               ") failed: " + e.what());
    }
    c.exec("UPDATE schema_version SET version = $1, migrated_at = now()", {pg::param(v)});
    tx.commit();
  }
}

}  // namespace hymy::hq
