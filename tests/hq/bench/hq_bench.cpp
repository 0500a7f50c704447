// hymy-hq-bench: ingest rate over HTTP on loopback against plain SQLite inserts with the same
// durability, and the time to compute one unit-day's figures with many answers stored.
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

void bench_figures(std::int64_t answers, int units, const std::string& keep_dir) {
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
  const TimeZone zone("Europe/Helsinki");
  const LocalDate date{2026, 6, 15};
  std::printf("figures: %lld answers stored, %s\n", static_cast<long long>(stored),
              std::filesystem::exists(db_path) ? (std::to_string(std::filesystem::file_size(db_path) >> 20) + " MiB").c_str() : "");
  for (int run = 0; run < 3; ++run) {
    const auto start = Clock::now();
    const Figures f = compute_figures(unit_answers(*store, "unit-" + std::to_string(units / 2)), date, 1, zone);
    const double s = seconds_since(start);
    std::printf("  unit-day figures (%s, today + previous + same weekday last week: %lld + %lld answers): %.2f ms%s\n",
                date.iso().c_str(), static_cast<long long>(f.current.count + f.current.flagged),
                static_cast<long long>(f.previous.count), s * 1000, run == 0 ? " (first run)" : "");
  }
  if (keep_dir.empty()) std::filesystem::remove_all(dir);
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
  app.add_option("--batches", batches, "batches to upload")->capture_default_str();
  app.add_option("--batch-size", batch_size, "answers per batch")->capture_default_str()->check(CLI::Range(1, 1000));
  app.add_option("--answers", answers, "answers stored for the figures benchmark")->capture_default_str();
  app.add_option("--units", units, "units the answers are spread over")->capture_default_str();
  app.add_option("--keep", keep_dir, "keep (and reuse) the generated figures database in this directory");
  CLI11_PARSE(app, argc, argv);
  hymy::hq::bench_ingest(batches, batch_size);
  hymy::hq::bench_figures(answers, units, keep_dir);
  return 0;
}
