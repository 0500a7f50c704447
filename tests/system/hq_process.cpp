// hymy-hq as a child process (see hq_process.hpp).
#include "hq_process.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <regex>
#include <stdexcept>

#include "hymy/sqlite.hpp"
#include "store/sqlite_hq_store.hpp"

namespace hymy::system_test {
namespace {

using std::chrono::milliseconds;

}  // namespace

// Read-write, not read-only: after a SIGKILL the WAL may need recovery, which a read-only
// connection cannot do. Nothing is written.
std::unique_ptr<sqlite::Database> HqProcess::open_database() const {
  const auto path = std::filesystem::path(data_dir_) / hq::kHqDatabaseFile;
  if (!std::filesystem::exists(path)) throw std::runtime_error("no HQ database at " + path.string());
  return std::make_unique<sqlite::Database>(path.string());
}

bool wait_for_http(int port, const std::string& path, int status, milliseconds limit) {
  return wait_until(
      [&] {
        httplib::Client client("127.0.0.1", port);
        client.set_connection_timeout(1, 0);
        client.set_read_timeout(2, 0);
        const auto res = client.Get(path);
        return res && res->status == status;
      },
      limit, milliseconds(20));
}

HqProcess::HqProcess(std::string data_dir) : data_dir_(std::move(data_dir)) {
  std::filesystem::create_directories(data_dir_);
  err_file_ = (std::filesystem::path(data_dir_).parent_path() / "hq-stderr.log").string();
}

HqProcess::~HqProcess() {
  if (child_) child_->kill_now();
}

RunResult HqProcess::admin(std::vector<std::string> args) const {
  args.insert(args.begin(), HYMY_HQ_EXE);
  args.insert(args.end(), {"--data", data_dir_});
  RunResult r = run_command(args, milliseconds(60'000));
  EXPECT_EQ(r.exit_code, 0) << "hymy-hq " << args[1] << " failed:\n" << r.out << r.err;
  return r;
}

std::string HqProcess::enroll(const std::string& unit, const std::string& device_id) const {
  const RunResult r = admin({"device", "enroll", "--unit", unit, "--device-id", device_id});
  std::smatch m;
  if (!std::regex_search(r.out, m, std::regex("token: ([A-Za-z0-9_-]+)"))) {
    throw std::runtime_error("device enroll printed no token:\n" + r.out + r.err);
  }
  return m[1];
}

void HqProcess::start(int port) {
  if (port == 0) port = port_;
  const auto before = std::filesystem::exists(err_file_) ? std::filesystem::file_size(err_file_) : 0;
  std::vector<std::string> argv{HYMY_HQ_EXE, "serve", "--data", data_dir_, "--listen",
                                "127.0.0.1:" + std::to_string(port), "--threads", "4"};
  argv.insert(argv.end(), serve_options_.begin(), serve_options_.end());
  child_ = std::make_unique<Child>(argv, "/dev/null", err_file_);
  // "hymy-hq: serving HTTP on 127.0.0.1:<port> (...)" once it is bound.
  const std::regex serving("serving HTTP on 127\\.0\\.0\\.1:(\\d+)");
  int bound = 0;
  wait_until(
      [&] {
        const std::string text = read_file(err_file_).substr(before);
        std::smatch m;
        if (std::regex_search(text, m, serving)) bound = std::stoi(m[1]);
        return bound != 0 || !child_->running();
      },
      milliseconds(30'000));
  if (bound == 0) {
    throw std::runtime_error("hymy-hq serve did not report its port:\n" + read_file(err_file_).substr(before));
  }
  port_ = bound;
  if (!wait_for_http(port_, "/healthz", 200, milliseconds(30'000))) {
    throw std::runtime_error("hymy-hq on port " + std::to_string(port_) + " never answered /healthz:\n" +
                             read_file(err_file_).substr(before));
  }
}

void HqProcess::kill_now() {
  if (child_) child_->kill_now();
}

int HqProcess::stop() { return child_ ? child_->stop(milliseconds(20'000)) : 0; }

bool HqProcess::running() { return child_ && child_->running(); }

std::string HqProcess::log() const { return read_file(err_file_); }

std::int64_t HqProcess::rows_metric(const std::string& outcome) const {
  httplib::Client client("127.0.0.1", port_);
  client.set_connection_timeout(2, 0);
  client.set_read_timeout(5, 0);
  const auto res = client.Get("/metrics");
  if (!res || res->status != 200) return -1;
  std::smatch m;
  const std::regex line("hymy_hq_rows_total\\{outcome=\"" + outcome + "\"\\} (\\d+)");
  return std::regex_search(res->body, m, line) ? std::stoll(m[1]) : -1;
}

HqContents HqProcess::contents() const {
  const auto db = open_database();
  HqContents c;
  auto count = db->prepare("SELECT count(*) FROM responses");
  if (count.step()) c.rows = count.int64(0);
  auto rows = db->prepare(
      "SELECT id, device_id, rating, answered_at_ms, comment, question_id, question_set_version "
      "FROM responses");
  while (rows.step()) {
    HqRow r;
    r.device_id = rows.text(1);
    r.rating = rows.int32(2);
    r.answered_at_ms = rows.int64(3);
    r.comment = rows.optional_text(4);
    r.question_id = rows.text(5);
    r.question_set_version = rows.int64(6);
    c.by_id.emplace(rows.text(0), std::move(r));
  }
  return c;
}

std::int64_t HqProcess::count() const {
  const auto db = open_database();
  auto count = db->prepare("SELECT count(*) FROM responses");
  return count.step() ? count.int64(0) : 0;
}

}  // namespace hymy::system_test
