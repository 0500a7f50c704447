// hymy-hq-bench: ingest rate over HTTP on loopback against plain SQLite inserts with the same
// durability, and the time to compute one unit-day's figures with many answers stored (p50, p99
// and max over many unit-days). --backend postgres runs both on PostgreSQL instead (--postgres
// URI, or a throwaway cluster with PostgreSQL's default durability).
// Prints figures; not a test. Build in Release for meaningful numbers.
#include <CLI/CLI.hpp>
#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <thread>

#include "api/device_api.hpp"
#include "auth/token.hpp"
#include "hymy/figures.hpp"
#include "hymy/local_time.hpp"
#include "hymy/sqlite.hpp"
#include "hymy/uuid.hpp"
#include "protocol/protocol.hpp"
#include "server/hq_server.hpp"
#include "pg_test_cluster.hpp"
#include "pg_test_database.hpp"
#include "store/pg_connection.hpp"
#include "store/pg_hq_store.hpp"
#include "store/sqlite_hq_schema.hpp"
#include "store/sqlite_hq_store.hpp"

namespace hymy::hq {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::int64_t kDayMs = 86'400'000;
constexpr std::int64_t kStart = 1'767'225'600'000;  // 2026-01-01T00:00Z

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

Response row(std::mt19937_64& rng, std::int64_t at_ms) {
  Response r;
  r.id = uuid_v7_at(at_ms);
  r.visit_id = uuid_v7_at(at_ms);
  r.question_id = rng() % 3 == 0 ? "waiting-time" : "visit";
  r.question_set_version = 1;
  r.rating = 1 + static_cast<int>(rng() % 4);
  if (rng() % 10 == 0) r.comment = "Ystävällinen henkilökunta, kiitos!";
  r.language = "fi";
  r.answered_at_ms = at_ms;
  r.utc_offset_min = 120;
  return r;
}

std::filesystem::path temp_dir(const std::string& name) {
  auto p = std::filesystem::temp_directory_path() / ("hymy-hq-bench-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p;
}

const char* kInsert =
    "INSERT INTO responses (id, unit_id, device_id, visit_id, question_id, question_set_version, "
    "rating, comment, language, answered_at_ms, utc_offset_min, flags, channel, received_at_ms, "
    "clock_skew_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

void insert_rows(sqlite::Database& db, sqlite::Statement& st, const std::vector<Response>& rows,
                 const std::string& unit, const std::string& device) {
  sqlite::Transaction tx(db);
  for (const Response& r : rows) {
    st.bind(1, r.id).bind(2, unit).bind(3, device).bind(4, r.visit_id).bind(5, r.question_id)
        .bind(6, r.question_set_version).bind(7, r.rating).bind(8, r.comment).bind(9, r.language)
        .bind(10, r.answered_at_ms).bind(11, r.utc_offset_min).bind(12, std::int64_t{0})
        .bind(13, "kiosk").bind(14, r.answered_at_ms).bind(15, std::int64_t{0});
    st.run();
  }
  tx.commit();
}

void bench_ingest(int batches, int batch_size) {
  std::mt19937_64 rng(1);
  std::vector<std::vector<Response>> all(static_cast<std::size_t>(batches));
  std::int64_t t = kStart;
  for (auto& b : all) {
    for (int i = 0; i < batch_size; ++i) b.push_back(row(rng, t += 7'000));
  }
  const double total_rows = static_cast<double>(batches) * batch_size;

  // HTTP: the real server and store, durable commits (synchronous=FULL), gzip bodies.
  const auto http_dir = temp_dir("http");
  auto store = open_sqlite_hq_store(http_dir.string());
  store->add_unit({"bench", {{"fi", "Bench"}}, "Europe/Helsinki"});
  const std::string token = new_token();
  store->add_device({"tablet", "bench", sha256_hex(token), false, 1, {}, {}});
  ServerOptions options;
  options.port = 0;
  HqServer server(options);
  register_device_api(server, *store);
  const int port = server.bind();
  std::thread thread([&] { server.run(); });
  server.wait_until_running(std::chrono::seconds(10));
  std::vector<std::string> bodies;
  for (const auto& b : all) bodies.push_back(protocol::gzip(protocol::encode_batch({kStart, b})));
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(60);
  const httplib::Headers headers = {{"Authorization", "Bearer " + token}, {"Content-Encoding", "gzip"}};
  auto start = Clock::now();
  std::size_t accepted = 0;
  for (const auto& body : bodies) {
    auto res = client.Post("/v1/batches", headers, body, "application/json");
    if (!res || res->status != 200) {
      std::fprintf(stderr, "batch failed\n");
      std::exit(1);
    }
    accepted += protocol::decode_reply(res->body).accepted.size();
  }
  const double http_s = seconds_since(start);
  server.stop();
  thread.join();
  store.reset();

  // Straight into SQLite: same schema and indexes, same durability, one transaction per batch.
  const auto sql_dir = temp_dir("sqlite");
  sqlite::Database db((sql_dir / "direct.sqlite3").string());
  sqlite::migrate(db, kHqApplicationId, hq_migrations());
  auto st = db.prepare(kInsert);
  start = Clock::now();
  for (const auto& b : all) insert_rows(db, st, b, "bench", "tablet");
  const double sql_s = seconds_since(start);

  std::printf("ingest: %d batches x %d answers (%zu accepted), synchronous=FULL, WAL\n", batches,
              batch_size, accepted);
  std::printf("  HTTP + gzip JSON + validation: %.0f answers/s (%.3f s)\n", total_rows / http_s, http_s);
  std::printf("  straight SQLite inserts:       %.0f answers/s (%.3f s)\n", total_rows / sql_s, sql_s);
  std::printf("  ratio SQLite / HTTP:           %.2f\n", http_s / sql_s);
  std::filesystem::remove_all(http_dir);
  std::filesystem::remove_all(sql_dir);
}

// compute_figures for `runs` unit-days (a different unit and day each time, all within the
// stored year): p50, p99 and max.
void time_figures(HqStore& store, int units, int runs) {
  const TimeZone zone("Europe/Helsinki");
  std::vector<double> ms;
  std::int64_t answers = 0;
  std::mt19937_64 rng(3);
  for (int run = 0; run < runs; ++run) {
    const int unit = static_cast<int>(rng() % static_cast<std::uint64_t>(units));
    const LocalDate date = LocalDate{2026, 1, 15}.plus_days(static_cast<int>(rng() % 330));
    const auto start = Clock::now();
    const Figures f = compute_figures(unit_answers(store, "unit-" + std::to_string(unit)), date, 1, zone);
    ms.push_back(seconds_since(start) * 1000);
    answers += f.current.count + f.current.flagged + f.previous.count;
  }
  std::sort(ms.begin(), ms.end());
  auto at = [&](double p) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * static_cast<double>(ms.size() - 1) + 0.5))]; };
  std::printf("  unit-day figures over %d random unit-days (today + previous day, %.0f answers each on average): "
              "p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
              runs, static_cast<double>(answers) / runs, at(0.5), at(0.99), ms.back());
}

void bench_figures(std::int64_t answers, int units, const std::string& keep_dir, int runs) {
  const auto dir = keep_dir.empty() ? temp_dir("figures") : std::filesystem::path(keep_dir);
  std::filesystem::create_directories(dir);
  const auto db_path = dir / kHqDatabaseFile;
  const std::int64_t days = 365;
  {
    auto store = open_sqlite_hq_store(dir.string());  // creates the schema
    if (store->count_responses({}) < answers) {
      std::printf("figures: generating %lld answers over %d units x %lld days...\n",
                  static_cast<long long>(answers), units, static_cast<long long>(days));
      for (int u = 0; u < units; ++u) {
        const std::string id = "unit-" + std::to_string(u);
        if (!store->unit(id)) store->add_unit({id, {{"fi", id}}, "Europe/Helsinki"});
      }
      store.reset();
      sqlite::Database db(db_path.string(), {.read_only = false, .busy_timeout_ms = 5000, .synchronous_full = false});
      auto st = db.prepare(kInsert);
      std::mt19937_64 rng(2);
      const std::int64_t per_unit_day = answers / (units * days);
      const auto start = Clock::now();
      // Time order, as tablets upload: each day, every unit's answers of that day.
      for (std::int64_t d = 0; d < days; ++d) {
        for (int u = 0; u < units; ++u) {
          std::vector<Response> rows;
          const std::int64_t step = kDayMs / (per_unit_day + 1);
          for (std::int64_t i = 0; i < per_unit_day; ++i) rows.push_back(row(rng, kStart + d * kDayMs + i * step + u));
          insert_rows(db, st, rows, "unit-" + std::to_string(u), "tablet-" + std::to_string(u));
        }
      }
      std::printf("  generated in %.1f s\n", seconds_since(start));
    }
  }
  auto store = open_sqlite_hq_store(dir.string());
  const std::int64_t stored = store->count_responses({});
  std::printf("figures: %lld answers stored, %s\n", static_cast<long long>(stored),
              std::filesystem::exists(db_path) ? (std::to_string(std::filesystem::file_size(db_path) >> 20) + " MiB").c_str() : "");
  time_figures(*store, units, runs);
  if (keep_dir.empty()) std::filesystem::remove_all(dir);
}


// --- PostgreSQL ---

void bench_ingest_pg(const std::string& conninfo, int batches, int batch_size) {
  std::mt19937_64 rng(1);
  std::vector<std::vector<Response>> all(static_cast<std::size_t>(batches));
  std::int64_t t = kStart;
  for (auto& b : all) {
    for (int i = 0; i < batch_size; ++i) b.push_back(row(rng, t += 7'000));
  }
  const double total_rows = static_cast<double>(batches) * batch_size;
  hymy::hq::test::PgTestSchema http_schema(conninfo);
  auto store = open_pg_hq_store(http_schema.conninfo());
  store->add_unit({"bench", {{"fi", "Bench"}}, "Europe/Helsinki"});
  const std::string token = new_token();
  store->add_device({"tablet", "bench", sha256_hex(token), false, 1, {}, {}});
  ServerOptions options;
  options.port = 0;
  HqServer server(options);
  register_device_api(server, *store);
  const int port = server.bind();
  std::thread thread([&] { server.run(); });
  server.wait_until_running(std::chrono::seconds(10));
  std::vector<std::string> bodies;
  for (const auto& b : all) bodies.push_back(protocol::gzip(protocol::encode_batch({kStart, b})));
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(60);
  const httplib::Headers headers = {{"Authorization", "Bearer " + token}, {"Content-Encoding", "gzip"}};
  auto start = Clock::now();
  std::size_t accepted = 0;
  for (const auto& body : bodies) {
    auto res = client.Post("/v1/batches", headers, body, "application/json");
    if (!res || res->status != 200) {
      std::fprintf(stderr, "batch failed\n");
      std::exit(1);
    }
    accepted += protocol::decode_reply(res->body).accepted.size();
  }
  const double http_s = seconds_since(start);
  server.stop();
  thread.join();

  // The store's own batch insert (unnest of array parameters), no HTTP: a second schema.
  hymy::hq::test::PgTestSchema direct_schema(conninfo);
  auto direct = open_pg_hq_store(direct_schema.conninfo());
  direct->add_unit({"bench", {{"fi", "Bench"}}, "Europe/Helsinki"});
  direct->add_device({"tablet", "bench", "hash", false, 1, {}, {}});
  start = Clock::now();
  for (auto b : all) {
    for (auto& r : b) {
      r.unit_id = "bench";
      r.device_id = "tablet";
    }
    direct->ingest(b, {"tablet", kStart, 0});
  }
  const double sql_s = seconds_since(start);
  std::printf("ingest (PostgreSQL): %d batches x %d answers (%zu accepted), one transaction each\n",
              batches, batch_size, accepted);
  std::printf("  HTTP + gzip JSON + validation: %.0f answers/s (%.3f s)\n", total_rows / http_s, http_s);
  std::printf("  PgHqStore::ingest directly:    %.0f answers/s (%.3f s)\n", total_rows / sql_s, sql_s);
}

// Fills `responses` with `answers` rows by generate_series: `units` units, one year, each day's
// rows of every unit in time order (as uploads arrive), ids time-ordered like UUIDv7.
void generate_pg_answers(pg::Connection& c, std::int64_t answers, int units) {
  const std::int64_t days = 365;
  const std::int64_t per_unit_day = answers / (units * days);
  const std::int64_t step = kDayMs / (per_unit_day + 1);
  std::printf("figures: generating %lld answers over %d units x %lld days with generate_series...\n",
              static_cast<long long>(per_unit_day * units * days), units, static_cast<long long>(days));
  std::fflush(stdout);
  const auto start = Clock::now();
  c.exec("SET synchronous_commit = off");
  for (int u = 0; u < units; ++u) {
    c.exec("INSERT INTO units (id, time_zone, created_at_ms) VALUES ($1, 'Europe/Helsinki', 0) "
           "ON CONFLICT DO NOTHING",
           {pg::param("unit-" + std::to_string(u))});
  }
  // A month per statement keeps each transaction moderate.
  for (std::int64_t d0 = 0; d0 < days; d0 += 30) {
    c.exec(R"sql(
INSERT INTO responses (id, unit_id, device_id, visit_id, question_id, question_set_version, rating,
                       comment, language, answered_at_ms, utc_offset_min, flags, channel,
                       received_at_ms, clock_skew_ms)
SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7' || lpad(to_hex(u), 3, '0') || '-8' ||
         lpad(to_hex(i % 4096), 3, '0') || '-' || lpad(to_hex(i), 12, '0'),
       'unit-' || u, 'tablet-' || u, substr(h, 1, 8) || '-visit-' || u, 
       CASE WHEN random() < 0.33 THEN 'waiting-time' ELSE 'visit' END, 1,
       CASE WHEN p < 0.55 THEN 4 WHEN p < 0.80 THEN 3 WHEN p < 0.92 THEN 2 ELSE 1 END,
       CASE WHEN random() < 0.1 THEN 'Ystävällinen henkilökunta, kiitos!' END, 'fi', at, 120, 0,
       'kiosk', at, 0
FROM generate_series($1::bigint, least($1::bigint + 29, $2::bigint - 1)) AS d,
     generate_series(0, $3::int - 1) AS u,
     generate_series(0, $4::bigint - 1) AS i,
     LATERAL (SELECT $5::bigint + d * 86400000 + i * $6::bigint + u AS at, random() AS p) AS t,
     LATERAL (SELECT lpad(to_hex(t.at), 12, '0') AS h) AS x
ORDER BY d, u, i
)sql",
           {pg::param(d0), pg::param(days), pg::param(units), pg::param(per_unit_day),
            pg::param(kStart), pg::param(step)});
    std::printf("  %lld of %lld days, %.0f s\n", static_cast<long long>(std::min(d0 + 30, days)),
                static_cast<long long>(days), seconds_since(start));
    std::fflush(stdout);
  }
  c.exec("VACUUM ANALYZE responses");
  std::printf("  generated and vacuumed in %.1f s\n", seconds_since(start));
}

void bench_figures_pg(const std::string& conninfo, std::int64_t answers, int units, int runs,
                      bool keep) {
  // --keep: the public schema of that database, reused next time; else a throwaway schema.
  std::unique_ptr<hymy::hq::test::PgTestSchema> schema;
  if (!keep) schema = std::make_unique<hymy::hq::test::PgTestSchema>(conninfo);
  const std::string where = keep ? conninfo : schema->conninfo();
  auto store = open_pg_hq_store(where);
  const std::int64_t whole_days = answers / (std::int64_t{units} * 365) * units * 365;  // as generated
  if (store->count_responses({}) < whole_days) {
    pg::Connection c(where);
    generate_pg_answers(c, answers, units);
  }
  pg::Connection c(where);
  std::printf("figures (PostgreSQL): %lld answers stored, table + indexes %s\n",
              static_cast<long long>(store->count_responses({})),
              c.exec("SELECT pg_size_pretty(pg_total_relation_size('responses'))").text(0, 0).c_str());
  time_figures(*store, units, runs);
}

}  // namespace
}  // namespace hymy::hq

int main(int argc, char** argv) {
  CLI::App app{"hymy-hq-bench: HQ ingest rate and figures time"};
  int batches = 40;
  int batch_size = 500;
  std::int64_t answers = 10'000'000;
  int units = 50;
  std::string keep_dir;
  std::string backend = "sqlite";
  std::string postgres;
  int runs = 200;
  app.add_option("--batches", batches, "batches to upload")->capture_default_str();
  app.add_option("--batch-size", batch_size, "answers per batch")->capture_default_str()->check(CLI::Range(1, 1000));
  app.add_option("--answers", answers, "answers stored for the figures benchmark")->capture_default_str();
  app.add_option("--units", units, "units the answers are spread over")->capture_default_str();
  app.add_option("--figure-runs", runs, "unit-days whose figures are timed")->capture_default_str()->check(CLI::Range(1, 100000));
  app.add_option("--keep", keep_dir, "keep (and reuse) the generated figures database in this directory "
                                     "(PostgreSQL: any value keeps it in --postgres's own schema)");
  app.add_option("--backend", backend, "sqlite or postgres")->capture_default_str()->check(CLI::IsMember({"sqlite", "postgres"}));
  app.add_option("--postgres", postgres, "PostgreSQL server (default: a throwaway cluster, fsync on)");
  CLI11_PARSE(app, argc, argv);
  try {
    if (backend == "sqlite") {
      hymy::hq::bench_ingest(batches, batch_size);
      hymy::hq::bench_figures(answers, units, keep_dir, runs);
      return 0;
    }
    std::unique_ptr<hymy::hq::test::PgTestCluster> cluster;
    if (postgres.empty()) {
      cluster = std::make_unique<hymy::hq::test::PgTestCluster>(
          hymy::hq::test::PgClusterOptions{.durable = true, .shared_buffers = "1GB"});
      postgres = cluster->conninfo();
    }
    hymy::hq::bench_ingest_pg(postgres, batches, batch_size);
    hymy::hq::bench_figures_pg(postgres, answers, units, runs, !keep_dir.empty());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hymy-hq-bench: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
