// The storage factory behind --data and --postgres.
#include "store/open_hq_store.hpp"

#include <stdexcept>

#include "store/pg_connection.hpp"
#include "store/pg_hq_store.hpp"
#include "store/sqlite_hq_store.hpp"

namespace hymy::hq {

std::unique_ptr<HqStore> open_hq_store(const HqStoreLocation& location) {
  if (location.data_dir.empty() == location.postgres.empty()) {
    throw std::invalid_argument(
        "storage: expected exactly one of --data DIR or --postgres postgresql://...");
  }
  if (!location.postgres.empty()) return open_pg_hq_store(location.postgres);
  return open_sqlite_hq_store(location.data_dir);
}

std::string describe(const HqStoreLocation& location) {
  if (!location.postgres.empty()) return "PostgreSQL " + pg::redact(location.postgres);
  return "data " + location.data_dir;
}

}  // namespace hymy::hq
