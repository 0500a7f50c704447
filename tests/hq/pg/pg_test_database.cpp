// Finding the test cluster, and one schema per test.
#include "pg_test_database.hpp"

#include <cstdlib>
#include <memory>
#include <random>

#include "pg_test_cluster.hpp"
#include "store/pg_connection.hpp"

namespace hymy::hq::test {

const PgTestServer& pg_test_server() {
  static std::unique_ptr<PgTestCluster> private_cluster;
  static const PgTestServer server = [] {
    PgTestServer s;
    if (const char* state = std::getenv("HYMY_PG_TEST_CLUSTER_STATE")) {
      if (const auto recorded = read_cluster_state(state); recorded && pg_reachable(recorded->first)) {
        s.conninfo = recorded->first;
        return s;
      }
    }
    if (!pg_bin_dir()) {
      s.installed = false;
      s.error = "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): install the "
                "Debian package postgresql to run HQ's PostgreSQL tests";
      return s;
    }
    try {
      private_cluster = std::make_unique<PgTestCluster>();
      s.conninfo = private_cluster->conninfo();
    } catch (const std::exception& e) {
      s.error = e.what();
    }
    return s;
  }();
  return server;
}

PgTestSchema::PgTestSchema(const std::string& server_conninfo) : server_(server_conninfo) {
  std::random_device rd;
  const std::uint64_t r = (std::uint64_t{rd()} << 32) ^ rd();
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(r));
  // An identifier made here from random hex digits, never from input.
  name_ = std::string("test_") + hex;
  pg::Connection(server_).exec("CREATE SCHEMA " + name_);
  // application_name tells this test's connections apart from those of tests running at once.
  conninfo_ = server_ + " application_name=" + name_ + " options='-c search_path=" + name_ + "'";
}

PgTestSchema::~PgTestSchema() {
  try {
    pg::Connection(server_).exec("DROP SCHEMA IF EXISTS " + name_ + " CASCADE");
  } catch (const std::exception&) {
    // The cluster is thrown away after the run anyway.
  }
}

}  // namespace hymy::hq::test
