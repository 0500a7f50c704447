// hymy-sync-bench: the cost of catching up after a month offline. Fills a tablet database with
// 100,000 answers of a busy unit, uploads them to a fake HQ on loopback, and prints the time,
// the bytes on the wire, and the kiosk's tap-commit (TabletStore::insert_response) p50/p99 while
// the upload runs compared with no upload running.
//
//   hymy-sync-bench [answers] [taps-per-second] [--real-hq] [--no-comments]
//
// --real-hq uploads to the real hymy-hq (a child process with a fresh data directory, one unit
// and this tablet enrolled) instead of the in-process fake; --no-comments fills answers without
// comments.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <unistd.h>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "daemon/sync_engine.hpp"
#include "fake_hq.hpp"
#include "real_hq.hpp"
#include "hymy/clock.hpp"
#include "hymy/uuid.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using hymy::Response;

struct Latencies {
  std::vector<double> ms;
  double percentile(double p) {
    if (ms.empty()) return 0;
    std::sort(ms.begin(), ms.end());
    const auto i = static_cast<std::size_t>(p * static_cast<double>(ms.size() - 1));
    return ms[i];
  }
};

// A busy unit's month: visits of one to three answers, mostly good ratings, a few comments.
void fill(hymy::TabletStore& store, int answers, std::int64_t end_ms, bool with_comments) {
  std::mt19937 rng(42u);
  const char* questions[] = {"visit", "waiting-time", "staff"};
  const char* comments[] = {"Ystävällinen vastaanotto", "Jonotus kesti liian kauan",
                            "Kiitos hyvästä hoidosta!", "Parkkipaikkoja on liian vähän"};
  const std::int64_t month_ms = 30LL * 24 * 3600 * 1000;
  const std::int64_t step = month_ms / answers;
  hymy::sqlite::Transaction tx(store.database());
  std::int64_t t = end_ms - month_ms;
  int written = 0;
  while (written < answers) {
    const std::string visit = hymy::uuid_v7_at(t);
    const int in_visit = 1 + static_cast<int>(rng() % 3);
    for (int q = 0; q < in_visit && written < answers; ++q, ++written) {
      Response r;
      r.id = hymy::uuid_v7_at(t);
      r.visit_id = visit;
      r.device_id = "tab-1";
      r.unit_id = "demo";
      r.question_id = questions[q];
      r.question_set_version = 3;
      const auto roll = rng() % 100;
      r.rating = roll < 5 ? 1 : roll < 15 ? 2 : roll < 45 ? 3 : 4;
      if (r.rating <= 2 && rng() % 4 == 0 && with_comments) r.comment = comments[rng() % 4];
      r.language = rng() % 10 < 8 ? "fi" : (rng() % 2 ? "sv" : "en");
      r.answered_at_ms = t;
      r.utc_offset_min = 120;
      store.insert_response(r);
      t += step / 2 + static_cast<std::int64_t>(rng() % static_cast<unsigned>(step));
    }
  }
  tx.commit();
}

// The kiosk: its own connection (like its own process), one tap every 1/rate seconds.
Latencies taps(const std::string& db, double rate, const std::atomic<bool>& run, int max_taps) {
  hymy::TabletStore kiosk(db);
  Latencies l;
  const auto period = std::chrono::duration<double>(1.0 / rate);
  auto next = Clock::now();
  while (run.load() && static_cast<int>(l.ms.size()) < max_taps) {
    Response r;
    r.id = hymy::new_uuid_v7();
    r.visit_id = r.id;
    r.device_id = "tab-1";
    r.unit_id = "demo";
    r.question_id = "visit";
    r.question_set_version = 3;
    r.rating = 4;
    r.language = "fi";
    r.answered_at_ms = hymy::now_ms();
    r.utc_offset_min = 120;
    const auto t0 = Clock::now();
    kiosk.insert_response(r);
    l.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    next += std::chrono::duration_cast<Clock::duration>(period);
    std::this_thread::sleep_until(next);  // the pace of visitors, not synchronisation
  }
  return l;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> positional;
  bool real_hq = false, comments = true;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--real-hq") real_hq = true;
    else if (std::string(argv[i]) == "--no-comments") comments = false;
    else positional.push_back(argv[i]);
  }
  const int answers = positional.size() > 0 ? std::stoi(positional[0]) : 100'000;
  const double rate = positional.size() > 1 ? std::stod(positional[1]) : 20.0;
  const auto dir = std::filesystem::temp_directory_path() / ("hymy-sync-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string db = (dir / "tablet.db").string();
  int rc = 0;
  try {
    std::unique_ptr<hymy::sync::testing::FakeHq> fake;
    std::unique_ptr<hymy::sync::testing::RealHq> real;
    if (real_hq) real = std::make_unique<hymy::sync::testing::RealHq>(HYMY_HQ_EXE, (dir / "hq").string(), "demo", "tab-1");
    else fake = std::make_unique<hymy::sync::testing::FakeHq>();
    const std::string hq_url = real ? real->url() : fake->url();
    const auto hq_stored = [&] { return real ? real->stored_count() : fake->stored_count(); };
    std::ofstream((dir / "token").string()) << (real ? real->token() : std::string("device-token-1")) << "\n";
    std::printf("HQ: %s on %s\n", real ? "the real hymy-hq" : "the fake HQ", hq_url.c_str());
    hymy::TabletStore store(db);
    std::printf("filling %d answers...\n", answers);
    fill(store, answers, hymy::now_ms() - 60'000, comments);

    std::atomic<bool> run{true};
    Latencies idle = taps(db, rate, run, 200);

    hymy::DeviceConfig device{"tab-1", "demo", db, "Europe/Helsinki"};
    hymy::sync::SyncConfig config;
    config.hq_url = hq_url;
    config.token_file = (dir / "token").string();
    hymy::sync::SyncEngine engine(device, config, store);

    Latencies busy;
    std::thread kiosk([&] { busy = taps(db, rate, run, 1'000'000); });
    const auto t0 = Clock::now();
    const hymy::sync::UploadResult up = engine.upload();
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    run = false;
    kiosk.join();

    const auto& traffic = engine.traffic();
    const auto delivered = static_cast<double>(up.delivered);
    std::printf("uploaded %lld answers (%lld taps during the upload) in %.2f s, %lld requests%s\n",
                static_cast<long long>(up.delivered), static_cast<long long>(busy.ms.size()), seconds,
                static_cast<long long>(traffic.requests), up.ok() ? "" : (" ERROR " + up.error).c_str());
    std::printf("bytes on the wire: %lld sent, %lld received (HTTP headers and bodies)\n",
                static_cast<long long>(traffic.bytes_sent), static_cast<long long>(traffic.bytes_received));
    std::printf("gzip batch bodies: %lld bytes\n", static_cast<long long>(traffic.batch_body_bytes));
    std::printf("bytes per answer: %.1f sent, %.1f both ways\n",
                static_cast<double>(traffic.bytes_sent) / delivered,
                static_cast<double>(traffic.bytes_sent + traffic.bytes_received) / delivered);
    std::printf("kiosk tap commit without upload: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%zu taps)\n",
                idle.percentile(0.5), idle.percentile(0.99), idle.percentile(1.0), idle.ms.size());
    std::printf("kiosk tap commit during upload:  p50 %.2f ms, p99 %.2f ms, max %.2f ms (%zu taps)\n",
                busy.percentile(0.5), busy.percentile(0.99), busy.percentile(1.0), busy.ms.size());
    // Whatever the kiosk added meanwhile goes too; then HQ must hold every answer exactly once.
    const hymy::sync::UploadResult rest = engine.upload();
    const std::size_t expected = static_cast<std::size_t>(answers) + idle.ms.size() + busy.ms.size();
    const std::size_t held = hq_stored();
    std::printf("HQ holds %zu distinct answers, expected %zu; tablet queue %lld\n", held,
                expected, static_cast<long long>(store.unsent_count()));
    if (!up.ok() || !rest.ok() || held != expected) rc = 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hymy-sync-bench: %s\n", e.what());
    rc = 1;
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  return rc;
}
