// hymy-pg-test-cluster start|stop STATE_FILE: the ctest fixture around HQ's PostgreSQL tests.
// `start` stops a cluster a previous, interrupted run left behind, starts a new one and records
// it in STATE_FILE; `stop` stops it and removes its directory and the file. Without PostgreSQL
// installed, `start` says so and succeeds: the tests then skip with that message.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "pg_test_cluster.hpp"

using namespace hymy::hq::test;

namespace {

void stop_recorded(const std::filesystem::path& state) {
  if (const auto recorded = read_cluster_state(state)) {
    PgTestCluster cluster(recorded->first, recorded->second);
    cluster.stop();
  }
  std::filesystem::remove(state);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 || (std::strcmp(argv[1], "start") != 0 && std::strcmp(argv[1], "stop") != 0)) {
    std::fprintf(stderr, "usage: hymy-pg-test-cluster start|stop STATE_FILE\n");
    return 2;
  }
  const std::filesystem::path state = argv[2];
  try {
    stop_recorded(state);
    if (std::strcmp(argv[1], "stop") == 0) {
      std::printf("PostgreSQL test cluster stopped\n");
      return 0;
    }
    if (!pg_bin_dir()) {
      std::printf("PostgreSQL is not installed: its tests will be skipped\n");
      return 0;
    }
    PgTestCluster cluster;
    write_cluster_state(state, cluster);
    cluster.detach();
    std::printf("PostgreSQL test cluster: %s (in %s)\n", cluster.conninfo().c_str(),
                cluster.dir().c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hymy-pg-test-cluster: %s\n", e.what());
    return 1;
  }
}
