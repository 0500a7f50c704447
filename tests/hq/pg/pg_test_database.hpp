// Where HQ's tests find PostgreSQL: the cluster of the ctest fixture (its state file named by
// HYMY_PG_TEST_CLUSTER_STATE), or else a private cluster this process starts on first use and
// stops at exit. Each test gets a schema of its own, dropped afterwards.
#pragma once

#include <string>

namespace hymy::hq::test {

struct PgTestServer {
  std::string conninfo;     // empty when there is none
  bool installed = true;    // false: PostgreSQL is not installed (tests skip)
  std::string error;        // why there is none
};

// Found or started once per process.
const PgTestServer& pg_test_server();

// A fresh schema in the test server's database; the store's connections use it through
// search_path, so tests running at once never see each other's tables.
class PgTestSchema {
 public:
  explicit PgTestSchema(const std::string& server_conninfo);
  ~PgTestSchema();
  PgTestSchema(const PgTestSchema&) = delete;
  PgTestSchema& operator=(const PgTestSchema&) = delete;

  const std::string& conninfo() const { return conninfo_; }  // with the search_path set
  const std::string& name() const { return name_; }

 private:
  std::string server_;
  std::string name_;
  std::string conninfo_;
};

}  // namespace hymy::hq::test
