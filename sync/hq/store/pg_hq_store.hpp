// The PostgreSQL implementation of HqStore, for organisations whose IT already runs and backs up
// PostgreSQL: the same schema (its own migrations, pg_hq_schema.cpp), the same idempotent ingest
// and the same queries as SqliteHqStore. A bounded pool of connections serves the server's
// worker threads; every value travels as a query parameter.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "store/hq_store.hpp"

namespace hymy::hq {

struct PgHqStoreOptions {
  std::size_t max_connections = 16;                     // open at once (server threads + admin)
  std::chrono::milliseconds wait_for_connection{30'000};  // when all are busy
};

// Connects to `conninfo` (a postgresql:// URI or libpq key=value string), migrates the schema of
// the first schema on its search_path and returns the store. Throws naming the server (never the
// password) when it cannot connect, and refuses a database of another program or a newer hymy-hq.
std::unique_ptr<HqStore> open_pg_hq_store(const std::string& conninfo,
                                          const PgHqStoreOptions& options = {});

}  // namespace hymy::hq
