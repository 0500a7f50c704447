// Chooses HQ's storage from the command line: a data directory (SQLite, the default) or a
// PostgreSQL server. The one place that knows both implementations exist.
#pragma once

#include <memory>
#include <string>

#include "store/hq_store.hpp"

namespace hymy::hq {

struct HqStoreLocation {
  std::string data_dir;  // SQLite: <data_dir>/hq.sqlite3
  std::string postgres;  // or a postgresql:// URI / libpq connection string
};

// Opens (creating or migrating the schema) the store named by exactly one of the two fields;
// throws std::invalid_argument when neither or both are given.
std::unique_ptr<HqStore> open_hq_store(const HqStoreLocation& location);

// "data /var/lib/hymy-hq" or "PostgreSQL host=db dbname=hymy" (never a password), for logs.
std::string describe(const HqStoreLocation& location);

}  // namespace hymy::hq
