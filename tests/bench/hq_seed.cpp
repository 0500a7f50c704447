// hymy-hq-seed: fills an HQ data directory with a year of answers for the unit-day figures
// benchmark, fast enough for 10 million rows: SQLite generates the rows itself (one
// INSERT .. SELECT over small recursive CTEs per day, no row crosses the C API), and the
// secondary indexes are dropped first and rebuilt once at the end (a sorted build instead of
// millions of scattered inserts). hymy-hq-bench --keep DIR then reuses the directory.
//
//   hymy-hq-seed --data DIR [--answers 10000000] [--units 50]
//
// The rows match hymy-hq-bench's own generator: units unit-0..unit-N-1 with device tablet-U,
// 365 days from 2026-01-01, answers/(units*365) per unit and day evenly over the day, ratings
// uniform 1..4, a third on question "waiting-time", one in ten with a comment.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "hymy/sqlite.hpp"
#include "store/sqlite_hq_store.hpp"

namespace {

constexpr std::int64_t kDays = 365;

// One day of every unit's answers (from 2026-01-01T00:00Z = 1767225600000). ?1 day, ?2 answers per unit-day, ?3 units, ?4 first row number
// (for unique ids). Ids are UUIDv7-shaped: the answer's millisecond in the first 48 bits, the
// row number in the rest.
constexpr const char* kInsertDay = R"sql(
WITH RECURSIVE
  u(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM u WHERE n + 1 < ?3),
  i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n + 1 < ?2),
  rows AS (
    SELECT u.n AS unit, i.n AS k,
           ?4 + u.n * ?2 + i.n AS seq,
           1767225600000 + ?1 * 86400000 + i.n * (86400000 / (?2 + 1)) + u.n AS at_ms,
           abs(random()) AS r
    FROM u CROSS JOIN i)
INSERT INTO responses (id, unit_id, device_id, visit_id, question_id, question_set_version,
                       rating, comment, language, answered_at_ms, utc_offset_min, flags, channel,
                       received_at_ms, clock_skew_ms)
SELECT printf('%08x-%04x-7%03x-8%03x-%012x', at_ms >> 16, at_ms & 65535, (seq >> 24) & 4095,
              (seq >> 12) & 4095, seq),
       'unit-' || unit, 'tablet-' || unit,
       printf('%08x-%04x-7%03x-9%03x-%012x', at_ms >> 16, at_ms & 65535, (seq >> 24) & 4095,
              (seq >> 12) & 4095, seq),
       CASE WHEN r % 3 = 0 THEN 'waiting-time' ELSE 'visit' END, 1,
       1 + (r >> 2) % 4,
       CASE WHEN (r >> 5) % 10 = 0 THEN 'Ystävällinen henkilökunta, kiitos!' END,
       'fi', at_ms, 120, 0, 'kiosk', at_ms, 0
FROM rows
)sql";

int usage(const char* what) {
  std::fprintf(stderr, "hymy-hq-seed: %s\nusage: hymy-hq-seed --data DIR [--answers N] [--units N]\n", what);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data;
  long long answers = 10'000'000;
  int units = 50;
  for (int i = 1; i < argc; i += 2) {
    if (i + 1 >= argc) return usage((std::string(argv[i]) + ": expected a value").c_str());
    if (!std::strcmp(argv[i], "--data")) data = argv[i + 1];
    else if (!std::strcmp(argv[i], "--answers")) answers = std::atoll(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--units")) units = std::atoi(argv[i + 1]);
    else return usage((std::string("unknown option ") + argv[i]).c_str());
  }
  if (data.empty()) return usage("--data: required");
  if (units < 1 || answers < units * kDays)
    return usage("--answers: expected at least one answer per unit and day");
  try {
    std::filesystem::create_directories(data);
    {
      auto store = hymy::hq::open_sqlite_hq_store(data);  // creates and migrates the schema
      if (store->count_responses({}) > 0) {
        std::fprintf(stderr, "hymy-hq-seed: %s already holds answers; give an empty directory\n", data.c_str());
        return 1;
      }
      for (int u = 0; u < units; ++u) {
        const std::string id = "unit-" + std::to_string(u);
        if (!store->unit(id)) store->add_unit({id, {{"fi", id}}, "Europe/Helsinki"});
      }
    }
    const auto started = std::chrono::steady_clock::now();
    // A throwaway benchmark database: no durability needed while filling it.
    hymy::sqlite::Database db((std::filesystem::path(data) / hymy::hq::kHqDatabaseFile).string(),
                              {.read_only = false, .busy_timeout_ms = 5000, .synchronous_full = false});
    db.exec("PRAGMA synchronous=OFF");
    // No WAL while filling: every page would be written twice (WAL, then checkpoint). The HQ
    // store switches the file back to WAL when it next opens it.
    db.exec("PRAGMA journal_mode=OFF");
    db.exec("PRAGMA cache_size=-262144");  // 256 MiB for the index builds
    std::vector<std::string> indexes;
    {
      auto st = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'responses' AND sql IS NOT NULL");
      std::vector<std::string> names;
      while (st.step()) {
        names.push_back(st.text(0));
        indexes.push_back(st.text(1));
      }
      for (const auto& name : names) db.exec("DROP INDEX \"" + name + "\"");
    }
    const long long per_unit_day = answers / (units * kDays);
    auto insert = db.prepare(kInsertDay);
    for (std::int64_t d = 0; d < kDays; ++d) {
      hymy::sqlite::Transaction tx(db);
      insert.bind(1, d).bind(2, static_cast<std::int64_t>(per_unit_day)).bind(3, static_cast<std::int64_t>(units))
          .bind(4, static_cast<std::int64_t>(d * units * per_unit_day));
      insert.run();
      tx.commit();
    }
    const double rows_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    for (const auto& sql : indexes) db.exec(sql);
    const double total_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("seeded %lld answers (%d units x %lld days x %lld) in %.1f s (rows %.1f s, indexes %.1f s)\n",
                static_cast<long long>(per_unit_day * units * kDays), units, static_cast<long long>(kDays),
                per_unit_day, total_s, rows_s, total_s - rows_s);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hymy-hq-seed: %s\n", e.what());
    return 1;
  }
  return 0;
}
