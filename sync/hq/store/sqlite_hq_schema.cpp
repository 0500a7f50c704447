// HQ's SQLite schema, version by version.
#include "store/sqlite_hq_schema.hpp"

namespace hymy::hq {

const std::vector<sqlite::Migration>& hq_migrations() {
  static const std::vector<sqlite::Migration> steps = {
      {"units, devices, users, sessions, question sets, responses", [](sqlite::Database& db) {
         db.exec(R"sql(
CREATE TABLE units (
  id            TEXT PRIMARY KEY,
  time_zone     TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL
);
CREATE TABLE unit_names (
  unit_id  TEXT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  language TEXT NOT NULL,
  name     TEXT NOT NULL,
  PRIMARY KEY (unit_id, language)
) WITHOUT ROWID;
CREATE TABLE devices (
  id                 TEXT PRIMARY KEY,
  unit_id            TEXT NOT NULL REFERENCES units(id),
  token_hash         TEXT NOT NULL UNIQUE,
  revoked            INTEGER NOT NULL DEFAULT 0,
  enrolled_at_ms     INTEGER NOT NULL,
  last_seen_ms       INTEGER,
  last_clock_skew_ms INTEGER
);
CREATE TABLE users (
  name          TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
  created_at_ms INTEGER NOT NULL
);
CREATE TABLE user_units (
  user_name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  unit_id   TEXT NOT NULL REFERENCES units(id),
  PRIMARY KEY (user_name, unit_id)
) WITHOUT ROWID;
CREATE TABLE sessions (
  token_hash    TEXT PRIMARY KEY,
  user_name     TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  csrf_token    TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  expires_at_ms INTEGER NOT NULL
);
CREATE TABLE question_sets (
  unit_id         TEXT NOT NULL REFERENCES units(id),
  version         INTEGER NOT NULL,
  json            TEXT NOT NULL,
  published_at_ms INTEGER NOT NULL,
  published_by    TEXT NOT NULL,
  PRIMARY KEY (unit_id, version)
);
CREATE TABLE question_set_questions (
  unit_id     TEXT NOT NULL,
  version     INTEGER NOT NULL,
  question_id TEXT NOT NULL,
  PRIMARY KEY (unit_id, version, question_id),
  FOREIGN KEY (unit_id, version) REFERENCES question_sets(unit_id, version)
) WITHOUT ROWID;
-- No foreign keys here: rows arrive only through ingest, which takes unit and device from the
-- device's record, and the checks would cost every insert.
CREATE TABLE responses (
  id                   TEXT PRIMARY KEY,
  unit_id              TEXT NOT NULL,
  device_id            TEXT NOT NULL,
  visit_id             TEXT NOT NULL,
  question_id          TEXT NOT NULL,
  question_set_version INTEGER NOT NULL,
  rating               INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
  comment              TEXT,
  language             TEXT NOT NULL,
  answered_at_ms       INTEGER NOT NULL,
  utc_offset_min       INTEGER NOT NULL,
  flags                INTEGER NOT NULL,
  channel              TEXT NOT NULL CHECK (channel IN ('kiosk', 'staff')),
  received_at_ms       INTEGER NOT NULL,
  clock_skew_ms        INTEGER NOT NULL
);
-- Figures read one unit's answers over a local day: this index answers that range scan without
-- touching the table for everything but the comment.
CREATE INDEX responses_unit_time
  ON responses (unit_id, answered_at_ms, rating, flags, channel, question_id);
-- Reconciliation counts one device's answers per day.
CREATE INDEX responses_device_time ON responses (device_id, answered_at_ms);
-- Ids of erased responses, so that a tablet re-sending one gets "duplicate" and it stays erased.
CREATE TABLE erased_responses (
  id           TEXT PRIMARY KEY,
  erased_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
)sql");
       }},
  };
  return steps;
}

}  // namespace hymy::hq
