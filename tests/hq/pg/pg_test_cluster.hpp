// A throwaway PostgreSQL cluster for tests and the load test: initdb into a fresh temp directory,
// pg_ctl start on 127.0.0.1 with an ephemeral port and the unix socket inside that directory, one
// database; stop() (or the destructor) stops the server and removes the directory.
//
// initdb refuses to run as root, so when the caller is root the server's programs run as the
// `postgres` system user (or `nobody` without it), which owns the temp directory.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace hymy::hq::test {

struct PgClusterOptions {
  bool durable = false;  // false: fsync off, for tests; true: PostgreSQL's defaults (load tests)
  int max_connections = 300;
  std::string shared_buffers = "128MB";
};

class PgTestCluster {
 public:
  // Starts a cluster; throws std::runtime_error with the step and its log when that fails.
  explicit PgTestCluster(const PgClusterOptions& options = {});
  // Adopts a running cluster described by a state file that start_detached() wrote.
  PgTestCluster(std::string conninfo, std::filesystem::path dir);
  ~PgTestCluster();
  PgTestCluster(const PgTestCluster&) = delete;
  PgTestCluster& operator=(const PgTestCluster&) = delete;

  // libpq connection string of the cluster's database ("host=127.0.0.1 port=N dbname=hymy ...").
  const std::string& conninfo() const { return conninfo_; }
  const std::filesystem::path& dir() const { return dir_; }
  // Stops the server (fast shutdown) and removes the directory; idempotent.
  void stop();
  // Leaves the server running when this object goes away (for a ctest fixture).
  void detach() { detached_ = true; }

 private:
  std::string conninfo_;
  std::filesystem::path dir_;
  bool detached_ = false;
};

// The directory of PostgreSQL's server programs (initdb, pg_ctl), or nullopt when PostgreSQL's
// server is not installed.
std::optional<std::filesystem::path> pg_bin_dir();

// The state file of a ctest fixture's cluster: conninfo on line 1, directory on line 2.
void write_cluster_state(const std::filesystem::path& file, const PgTestCluster& cluster);
// nullopt when the file is missing or unreadable.
std::optional<std::pair<std::string, std::filesystem::path>> read_cluster_state(
    const std::filesystem::path& file);

// Whether a server answers at `conninfo`.
bool pg_reachable(const std::string& conninfo);

}  // namespace hymy::hq::test
