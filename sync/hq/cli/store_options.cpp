// --data / --postgres for the command line.
#include "cli/store_options.hpp"

#include <CLI/CLI.hpp>

namespace hymy::hq {

void add_store_options(CLI::App* cmd, HqStoreLocation& location) {
  auto* group = cmd->add_option_group("storage", "where HQ keeps its data (exactly one)");
  group->add_option("--data", location.data_dir, "HQ data directory (SQLite: holds hq.sqlite3)");
  group->add_option("--postgres", location.postgres,
                    "PostgreSQL instead: a postgresql:// URI or libpq connection string (keep the "
                    "password in ~/.pgpass or PGPASSWORD, not here)");
  group->require_option(1);
}

}  // namespace hymy::hq
