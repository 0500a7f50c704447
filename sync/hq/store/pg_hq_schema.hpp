// The schema of HQ's PostgreSQL database as ordered migration steps, recorded in the table
// schema_version. Append new steps; never edit a step that has shipped.
#pragma once

#include <string>
#include <vector>

#include "store/pg_connection.hpp"

namespace hymy::hq {

struct PgMigration {
  std::string description;
  std::string sql;  // one or more statements, run in the step's transaction
};

const std::vector<PgMigration>& pg_hq_migrations();

// The application name schema_version records, so that another program's table is recognised.
inline constexpr const char* kPgApplication = "hymy-hq";

// Brings the database (the first schema on the connection's search_path) to the newest version:
// each step in its own transaction under an advisory lock, the version re-read inside it, so two
// HQ processes starting at once migrate once. Throws std::runtime_error naming `where` when the
// database belongs to another program or to a newer hymy-hq.
void pg_migrate(pg::Connection& c, const std::string& where);

// The version recorded in schema_version (0 when the table is missing).
int pg_schema_version(pg::Connection& c);

}  // namespace hymy::hq
