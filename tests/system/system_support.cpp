// The tablet side of the system tests and what their scenarios share (see system_support.hpp).
#include "system_support.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "hymy/clock.hpp"
#include "hymy/tablet_store.hpp"

namespace hymy::system_test {
namespace {

using std::chrono::milliseconds;

std::string quoted(const std::string& s) {
  std::string q = "\"";
  for (char c : s) q += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
  return q + "\"";
}

}  // namespace

int scaled(const char* name, int fallback) {
  const char* v = std::getenv((std::string("HYMY_SYSTEM_") + name).c_str());
  if (v == nullptr || *v == '\0') return fallback;
  const int n = std::atoi(v);
  return n > 0 ? n : fallback;
}

std::uint32_t seed() {
  static const std::uint32_t value = [] {
    const char* v = std::getenv("HYMY_SYSTEM_SEED");
    if (v != nullptr && *v != '\0') return static_cast<std::uint32_t>(std::strtoul(v, nullptr, 10));
    return std::random_device{}();
  }();
  return value;
}

Tablet::Tablet(const std::filesystem::path& dir, std::string device_id, std::string unit_id)
    : dir_(dir), device_id_(std::move(device_id)), unit_id_(std::move(unit_id)) {
  std::filesystem::create_directories(dir_);
}

void Tablet::write_config(const std::string& hq_url, const std::string& token, const std::string& sync_extra,
                          const std::string& kiosk_section) {
  {
    std::ofstream t(token_file());
    t << token << "\n";
  }
  // hymy-sync refuses a token file others may read.
  std::filesystem::permissions(token_file(), std::filesystem::perms::owner_read |
                                                 std::filesystem::perms::owner_write);
  std::ofstream out(config());
  out << "# One file for hymy-kiosk and hymy-sync, as on a real tablet.\n"
      << "[device]\nid = " << quoted(device_id_) << "\nunit = " << quoted(unit_id_)
      << "\ndatabase = " << quoted(db()) << "\ntime_zone = \"Europe/Helsinki\"\n\n";
  if (!kiosk_section.empty()) out << kiosk_section << "\n";
  // The shortest timings the daemon accepts, so that a fault costs about a second; `sync_extra`
  // lines ("key = value") replace or add to them.
  std::map<std::string, std::string> sync{{"interval_seconds", "10"},        {"backoff_base_seconds", "1"},
                                          {"backoff_max_seconds", "1"},     {"connect_timeout_seconds", "2"},
                                          {"request_timeout_seconds", "3"}};
  std::istringstream extra(sync_extra);
  for (std::string line; std::getline(extra, line);) {
    const auto eq = line.find(" = ");
    if (eq != std::string::npos) sync[line.substr(0, eq)] = line.substr(eq + 3);
  }
  out << "[sync]\nhq_url = " << quoted(hq_url) << "\ntoken_file = " << quoted(token_file()) << "\n";
  for (const auto& [k, v] : sync) out << k << " = " << v << "\n";
}

std::vector<std::string> Tablet::seed(int n, std::mt19937& rng) {
  TabletStore store(db());
  std::vector<std::string> ids;
  std::uniform_int_distribution<int> rating(1, 4);
  std::uniform_int_distribution<std::int64_t> age(0, 6LL * 3600 * 1000);
  static const char* kComments[] = {"Kiitos, ystävällinen vastaanotto", "Jonotus kesti <liian> kauan & ärsytti",
                                    "Tack för hjälpen", "\"Great\" service"};
  const std::int64_t now = now_ms();
  for (int i = 0; i < n; ++i) {
    Response r = hymy::testing::make_response(rating(rng), now - age(rng), device_id_, unit_id_);
    if (i % 10 == 3) r.comment = kComments[(i / 10) % 4];
    store.insert_response(r);
    ids.push_back(r.id);
  }
  return ids;
}

std::map<std::string, TabletRow> Tablet::rows() const {
  TabletStore store(db());
  std::map<std::string, TabletRow> out;
  auto q = store.database().prepare(
      "SELECT id, rating, answered_at_ms, comment, sent_at_ms, rejected_reason, awaiting_comment "
      "FROM responses");
  while (q.step()) {
    TabletRow r;
    r.rating = q.int32(1);
    r.answered_at_ms = q.int64(2);
    r.comment = q.optional_text(3);
    r.sent = !q.is_null(4);
    r.rejected_reason = q.optional_text(5);
    r.awaiting_comment = q.int64(6) != 0;
    out.emplace(q.text(0), std::move(r));
  }
  return out;
}

// A plain connection (no migrations, no TabletStore): the tests poll these while the daemon runs.
std::int64_t Tablet::unsent() const {
  sqlite::Database db_connection(db());
  auto q = db_connection.prepare("SELECT count(*) FROM responses WHERE sent_at_ms IS NULL AND rejected_reason IS NULL");
  return q.step() ? q.int64(0) : 0;
}

std::int64_t Tablet::sent() const {
  sqlite::Database db_connection(db());
  auto q = db_connection.prepare("SELECT count(*) FROM responses WHERE sent_at_ms IS NOT NULL");
  return q.step() ? q.int64(0) : 0;
}

std::unique_ptr<Child> Tablet::start_daemon() const {
  const std::string log = (dir_ / "sync.log").string();
  return std::make_unique<Child>(std::vector<std::string>{HYMY_SYNC_EXE, "--config", config()}, log, log);
}

RunResult Tablet::sync_once() const {
  return run_command({HYMY_SYNC_EXE, "--config", config(), "--once"}, milliseconds(120'000));
}

RunResult Tablet::sync_status() const {
  return run_command({HYMY_SYNC_EXE, "status", "--config", config()}, milliseconds(30'000));
}

Comparison compare(const Tablet& tablet, const HqContents& hq) {
  Comparison c;
  const auto rows = tablet.rows();
  c.on_tablet = static_cast<std::int64_t>(rows.size());
  c.at_hq = static_cast<std::int64_t>(hq.by_id.size());
  c.duplicates = hq.rows - c.at_hq;
  for (const auto& [id, row] : rows) {
    if (row.sent) ++c.acknowledged;
    if (row.rejected_reason) ++c.rejected;
    const auto it = hq.by_id.find(id);
    if (it == hq.by_id.end()) {
      if (!row.sent && row.awaiting_comment) {
        ++c.held;  // by design: sent when the comment is done or after TabletStore::kCommentWaitMs
        continue;
      }
      c.missing.push_back(id);
      if (row.sent) c.acknowledged_but_missing.push_back(id);
      continue;
    }
    ++c.present;
    const HqRow& h = it->second;
    if (h.rating != row.rating || h.answered_at_ms != row.answered_at_ms || h.comment != row.comment ||
        h.device_id != tablet.device_id()) {
      ++c.content_mismatches;
    }
  }
  for (const auto& [id, row] : hq.by_id) {
    if (rows.count(id) == 0) c.extra.push_back(id);
  }
  return c;
}

std::string describe(const Comparison& c) {
  std::ostringstream s;
  s << "tablet " << c.on_tablet << " (acknowledged " << c.acknowledged << ", rejected " << c.rejected
    << ", held for a comment " << c.held << "), HQ " << c.at_hq << " distinct ids, present " << c.present << ", duplicates " << c.duplicates
    << ", content mismatches " << c.content_mismatches << ", missing " << c.missing.size()
    << " (acknowledged yet missing " << c.acknowledged_but_missing.size() << "), extra " << c.extra.size();
  if (!c.missing.empty()) s << "; first missing " << c.missing.front();
  if (!c.extra.empty()) s << "; first extra " << c.extra.front();
  return s.str();
}

void print_summary(const std::string& scenario, int rounds, const Comparison& c,
                   const std::vector<std::pair<std::string, std::int64_t>>& extra) {
  std::printf("SYSTEM scenario=%s rounds=%d answers=%lld acknowledged=%lld present_at_hq=%lld "
              "duplicates=%lld missing=%zu extra=%zu mismatched=%lld",
              scenario.c_str(), rounds, static_cast<long long>(c.on_tablet),
              static_cast<long long>(c.acknowledged), static_cast<long long>(c.present),
              static_cast<long long>(c.duplicates), c.missing.size(), c.extra.size(),
              static_cast<long long>(c.content_mismatches));
  for (const auto& [k, v] : extra) std::printf(" %s=%lld", k.c_str(), static_cast<long long>(v));
  std::printf(" seed=%u\n", seed());
  std::fflush(stdout);
}

namespace {

// Xvfb picks a free display and writes its number to the -displayfd pipe once it accepts clients.
struct Xvfb {
  pid_t pid = -1;
  std::string display;

  Xvfb() {
    std::string exe;
    for (const char* dir : {"/usr/bin", "/bin", "/usr/local/bin"}) {
      if (access((std::string(dir) + "/Xvfb").c_str(), X_OK) == 0) exe = std::string(dir) + "/Xvfb";
    }
    if (exe.empty()) return;
    int fds[2];
    if (pipe(fds) != 0) return;
    pid = fork();
    if (pid == 0) {
      close(fds[0]);
      const int null = open("/dev/null", O_WRONLY);
      dup2(null, STDOUT_FILENO);
      dup2(null, STDERR_FILENO);
      const std::string fd = std::to_string(fds[1]);
      execl(exe.c_str(), "Xvfb", "-displayfd", fd.c_str(), "-screen", "0", "1920x1200x24", "-nolisten", "tcp",
            "-noreset", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    std::string number;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    pollfd p{fds[0], POLLIN, 0};
    while (std::chrono::steady_clock::now() < deadline) {
      if (poll(&p, 1, 200) <= 0) continue;
      char c = 0;
      if (read(fds[0], &c, 1) <= 0 || c == '\n') break;
      number += c;
    }
    close(fds[0]);
    if (!number.empty()) display = ":" + number;
  }
  ~Xvfb() {
    if (pid > 0) {
      kill(pid, SIGTERM);
      waitpid(pid, nullptr, 0);
    }
  }
};

}  // namespace

const std::string& xvfb_display() {
  static Xvfb xvfb;
  return xvfb.display;
}

}  // namespace hymy::system_test
