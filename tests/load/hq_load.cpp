// hymy-hq-load: N simulated tablets, each with its own enrolled token, upload to a real HQ server
// on loopback for a bounded time; then HQ must hold exactly the acknowledged answers. Prints
// throughput, latency percentiles and errors by kind; exits non-zero on any error or lost or
// extra answer. The store is SQLite in a temp directory, or PostgreSQL: --postgres URI, or a
// throwaway cluster it starts itself.
#include <CLI/CLI.hpp>
#include <curl/curl.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <thread>

#include "api/device_api.hpp"
#include "auth/token.hpp"
#include "hq_test_support.hpp"
#include "pg_test_cluster.hpp"
#include "pg_test_database.hpp"
#include "server/hq_server.hpp"
#include "store/pg_hq_store.hpp"
#include "store/sqlite_hq_store.hpp"
#include "tablet_fleet.hpp"

namespace hymy::hq::load {
namespace {

// Each tablet is a socket here and another in the server: 2 x tablets + slack.
void raise_file_limit(std::size_t tablets) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  const rlim_t wanted = static_cast<rlim_t>(2 * tablets + 256);
  if (limit.rlim_cur < wanted) {
    limit.rlim_cur = std::min(wanted, limit.rlim_max);
    setrlimit(RLIMIT_NOFILE, &limit);
  }
  getrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur < wanted) {
    std::fprintf(stderr, "warning: open files limited to %llu, %llu wanted for %zu tablets\n",
                 static_cast<unsigned long long>(limit.rlim_cur),
                 static_cast<unsigned long long>(wanted), tablets);
  }
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

struct Args {
  std::string backend = "sqlite";
  std::string postgres;
  int tablets = 2000;
  int seconds = 30;
  int interval_ms = 1000;
  int units = 0;
  std::size_t threads = 8;
  std::size_t queue = ServerOptions{}.max_queued_requests;
  double resend = 0.05;
  bool durable = true;
};

int run(const Args& a) {
  raise_file_limit(static_cast<std::size_t>(a.tablets));
  test::TempDir dir;
  std::unique_ptr<test::PgTestCluster> cluster;
  std::unique_ptr<test::PgTestSchema> schema;
  std::unique_ptr<HqStore> store;
  std::string where;
  if (a.backend == "sqlite") {
    store = open_sqlite_hq_store(dir.path().string(), {.synchronous_full = a.durable});
    where = std::string("SQLite, synchronous=") + (a.durable ? "FULL" : "NORMAL");
  } else if (a.backend == "postgres") {
    std::string server = a.postgres;
    if (server.empty()) {
      // Under ctest: the fixture's cluster; alone: a throwaway one with PostgreSQL's defaults.
      if (std::getenv("HYMY_PG_TEST_CLUSTER_STATE")) {
        const auto& found = test::pg_test_server();
        if (!found.installed) {
          std::printf("SKIPPED: %s\n", found.error.c_str());
          return 0;
        }
        if (found.conninfo.empty()) throw std::runtime_error(found.error);
        server = found.conninfo;
      } else {
        cluster = std::make_unique<test::PgTestCluster>(test::PgClusterOptions{.durable = a.durable});
        server = cluster->conninfo();
      }
    }
    schema = std::make_unique<test::PgTestSchema>(server);
    store = open_pg_hq_store(schema->conninfo(), {.max_connections = a.threads + 4});
    where = std::string("PostgreSQL") + (cluster ? (a.durable ? " (fsync on)" : " (fsync off)") : "");
  } else {
    throw std::invalid_argument("--backend: expected sqlite or postgres, found \"" + a.backend + "\"");
  }

  const int units = a.units > 0 ? a.units : std::max(1, a.tablets / 20);
  FleetOptions fleet;
  for (int u = 0; u < units; ++u) {
    store->add_unit({"unit-" + std::to_string(u), {{"fi", "Yksikkö " + std::to_string(u)}}, "Europe/Helsinki"});
  }
  for (int i = 0; i < a.tablets; ++i) {
    const std::string token = new_token();
    store->add_device({"tablet-" + std::to_string(i), "unit-" + std::to_string(i % units),
                       sha256_hex(token), false, 1, {}, {}});
    fleet.tokens.push_back(token);
  }

  ServerOptions options;
  options.port = 0;
  options.threads = a.threads;
  options.max_queued_requests = a.queue;
  // Every simulated tablet connects from 127.0.0.1, as if all sat behind one NAT address.
  options.max_connections_per_address = options.max_connections;
  HqServer server(options);
  register_health(server, *store);
  register_device_api(server, *store);
  const int port = server.bind();
  std::thread serving([&] { server.run(); });
  server.wait_until_running(std::chrono::seconds(10));

  fleet.base_url = "http://127.0.0.1:" + std::to_string(port);
  fleet.duration = std::chrono::seconds(a.seconds);
  fleet.mean_interval = std::chrono::milliseconds(a.interval_ms);
  fleet.resend_fraction = a.resend;
  std::printf("load: %d tablets in %d units, %d s, pause %d ms (mean) between uploads, %.0f%% re-sends; "
              "HQ with %zu threads, queue %zu, %s\n",
              a.tablets, units, a.seconds, a.interval_ms, a.resend * 100, a.threads, a.queue, where.c_str());
  std::fflush(stdout);
  const FleetResult r = run_fleet(fleet);
  server.stop();
  serving.join();

  // What HQ holds, against what it acknowledged.
  std::int64_t stored = 0, missing = 0, unexpected = 0;
  std::set<std::string> seen;
  std::int64_t twice = 0;
  store->for_each_response({}, [&](const StoredResponse& s) {
    ++stored;
    if (!seen.insert(s.response.id).second) ++twice;
    if (!r.acknowledged.count(s.response.id) && !r.unacknowledged.count(s.response.id)) ++unexpected;
    return true;
  });
  for (const auto& id : r.acknowledged) missing += seen.count(id) ? 0 : 1;

  std::int64_t errors = 0;
  for (const auto& [kind, n] : r.errors) errors += n;
  std::printf("  %lld batches acknowledged (%lld of them re-sends), %lld answers accepted in %.1f s\n",
              static_cast<long long>(r.batches), static_cast<long long>(r.resends),
              static_cast<long long>(r.answers_accepted), r.seconds);
  std::printf("  throughput: %.0f answers/s, %.0f batches/s\n", static_cast<double>(r.answers_accepted) / r.seconds,
              static_cast<double>(r.batches) / r.seconds);
  std::printf("  latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%zu requests)\n",
              percentile(r.latencies_ms, 0.50), percentile(r.latencies_ms, 0.99),
              percentile(r.latencies_ms, 1.0), r.latencies_ms.size());
  std::printf("  errors: %lld\n", static_cast<long long>(errors));
  for (const auto& [kind, n] : r.errors) std::printf("    %lld x %s\n", static_cast<long long>(n), kind.c_str());
  std::printf("  HQ holds %lld answers: %lld acknowledged, %lld missing, %lld held twice, %lld never sent "
              "or acknowledged, %lld accepted twice; %zu sent but never acknowledged\n",
              static_cast<long long>(stored), static_cast<long long>(r.acknowledged.size()),
              static_cast<long long>(missing), static_cast<long long>(twice),
              static_cast<long long>(unexpected), static_cast<long long>(r.accepted_twice),
              r.unacknowledged.size());
  const bool ok = errors == 0 && missing == 0 && twice == 0 && unexpected == 0 && r.accepted_twice == 0 &&
                  r.unacknowledged.empty() && r.batches > 0;
  std::printf("%s\n", ok ? "OK: no error, every acknowledged answer held exactly once"
                         : "FAILED: see above");
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace hymy::hq::load

int main(int argc, char** argv) {
  CLI::App app{"hymy-hq-load: many simulated tablets uploading to HQ on loopback"};
  hymy::hq::load::Args a;
  app.add_option("--backend", a.backend, "sqlite or postgres")->capture_default_str();
  app.add_option("--postgres", a.postgres, "PostgreSQL server to use (default: start a throwaway cluster)");
  app.add_option("--tablets", a.tablets, "simulated tablets")->capture_default_str()->check(CLI::Range(1, 20000));
  app.add_option("--seconds", a.seconds, "seconds during which uploads start")->capture_default_str()->check(CLI::Range(1, 3600));
  app.add_option("--interval-ms", a.interval_ms, "mean pause of a tablet between uploads")->capture_default_str();
  app.add_option("--units", a.units, "units (default: one per 20 tablets)");
  app.add_option("--threads", a.threads, "HQ worker threads")->capture_default_str();
  app.add_option("--queue", a.queue, "requests waiting for an HQ worker (503 beyond)")->capture_default_str();
  app.add_option("--resend", a.resend, "fraction of uploads re-sending an acknowledged batch")->capture_default_str();
  app.add_flag("!--fast", a.durable, "commits not durable (SQLite NORMAL, PostgreSQL fsync off)");
  CLI11_PARSE(app, argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  try {
    const int rc = hymy::hq::load::run(a);
    curl_global_cleanup();
    return rc;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hymy-hq-load: error: %s\n", e.what());
    return 1;
  }
}
