// Hostile clients against the real hymy-hq process: what one stolen tablet token and an ordinary
// laptop can send. Each test checks that HQ refuses with the right status, stays alive, and keeps
// answering an ordinary client (health check, upload, sign-in page) while the attack goes on.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <future>
#include <string>
#include <vector>

#include "hq_process.hpp"
#include "protocol/protocol.hpp"
#include "socket_swarm.hpp"
#include "test_support.hpp"

namespace hymy::hostile_test {
namespace {

using system_test::HqProcess;
using Clock = std::chrono::steady_clock;

// Every socket of the swarm is a file descriptor of this process too.
void raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

double rss_mib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

double p99(std::vector<double> seconds) {
  if (seconds.empty()) return 0;
  std::sort(seconds.begin(), seconds.end());
  return seconds[std::min(seconds.size() - 1, seconds.size() * 99 / 100)];
}

// The ordinary client: one request after another from 127.0.0.1, each on its own connection
// (as a tablet or browser arriving fresh would), timing each kind.
struct ServiceFigures {
  std::vector<double> health, upload, sign_in;
  std::size_t failures = 0;
  double peak_rss_mib = 0;
  std::string first_failure;
};

ServiceFigures probe_service(const HqProcess& hq, const std::string& token, std::chrono::seconds duration) {
  ServiceFigures f;
  protocol::Batch empty;
  empty.sent_at_ms = 1'767'225'600'000;
  const std::string batch = protocol::encode_batch(empty);
  const auto end = Clock::now() + duration;
  for (int i = 0; Clock::now() < end; ++i) {
    httplib::Client client("127.0.0.1", hq.port());
    client.set_connection_timeout(5);
    client.set_read_timeout(5);
    const int kind = i % 3;
    std::vector<double>* into = kind == 0 ? &f.health : kind == 1 ? &f.upload : &f.sign_in;
    const auto start = Clock::now();
    const httplib::Result res =
        kind == 0   ? client.Get("/healthz")
        : kind == 1 ? client.Post("/v1/batches", {{"Authorization", "Bearer " + token}}, batch, "application/json")
                    : client.Get("/login");
    into->push_back(std::chrono::duration<double>(Clock::now() - start).count());
    if (!res || res->status != 200) {
      if (f.failures++ == 0) {
        f.first_failure = res ? "status " + std::to_string(res->status) + " " + res->body
                              : httplib::to_string(res.error());
      }
    }
    f.peak_rss_mib = std::max(f.peak_rss_mib, rss_mib(hq.pid()));
  }
  return f;
}

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

class HostileClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    raise_open_file_limit();
    hq_ = std::make_unique<HqProcess>((root_.path() / "hq-data").string());
    hq_->admin({"unit", "add", "ward-1", "--name-fi", "Osasto 1"});
    token_ = hq_->enroll("ward-1", "tablet-1");
  }

  void start(std::vector<std::string> options = {}) {
    hq_->set_serve_options(std::move(options));
    hq_->start();
  }

  httplib::Result post_batch(const std::string& body, bool gzip) {
    httplib::Client client("127.0.0.1", hq_->port());
    client.set_read_timeout(30);
    httplib::Headers headers{{"Authorization", "Bearer " + token_}};
    if (gzip) headers.emplace("Content-Encoding", "gzip");
    return client.Post("/v1/batches", headers, gzip ? protocol::gzip(body) : body, "application/json");
  }

  bool healthy() {
    httplib::Client client("127.0.0.1", hq_->port());
    client.set_read_timeout(5);
    const auto res = client.Get("/healthz");
    return res && res->status == 200;
  }

  testing::TempDir root_;
  std::unique_ptr<HqProcess> hq_;
  std::string token_;
};

TEST_F(HostileClientTest, DeeplyNestedJsonIsRefusedWith400AndHqStaysUp) {
  start();
  for (const std::size_t depth : {1'000u, 10'000u, 100'000u, 1'000'000u}) {
    SCOPED_TRACE("depth " + std::to_string(depth));
    // The whole body, and inside a row's field; gzip'd (a few hundred bytes on the wire) and plain
    // where it fits the body limit.
    const std::string whole = nested(depth);
    const std::string in_row = R"({"sent_at_ms":1767225600000,"responses":[{"id":)" + nested(depth) + "}]}";
    for (const std::string* body : {&whole, &in_row}) {
      for (const bool gzip : {true, false}) {
        if (!gzip && body->size() > (1u << 20)) continue;
        const auto res = post_batch(*body, gzip);
        ASSERT_TRUE(res) << httplib::to_string(res.error()) << "\n" << hq_->log();
        EXPECT_EQ(res->status, 400) << res->body;
        EXPECT_NE(res->body.find("deeper than"), std::string::npos) << res->body;
      }
    }
    ASSERT_TRUE(healthy()) << hq_->log();
  }
}

TEST_F(HostileClientTest, EndlessHeadersGet431AndHqMemoryStaysBounded) {
  start();
  SwarmPlan plan;
  plan.port = hq_->port();
  plan.flood = 200;
  plan.duration = std::chrono::seconds(5);
  const SwarmResult r = run_swarm(plan);
  std::printf("header flood: %s; HQ RSS %.0f MiB\n", describe(r).c_str(), rss_mib(hq_->pid()));
  EXPECT_GT(r.statuses.count(431) ? r.statuses.at(431) : 0, 200u) << describe(r);
  EXPECT_LT(rss_mib(hq_->pid()), 200.0);
  EXPECT_TRUE(healthy()) << hq_->log();
}

TEST_F(HostileClientTest, HeadersTrickledTooSlowlyGet408AtTheHeaderDeadline) {
  start({"--header-timeout", "2"});
  SwarmPlan plan;
  plan.port = hq_->port();
  plan.slow = 20;
  plan.slow_interval = std::chrono::milliseconds(200);  // 5 bytes/s: steady, never finishing
  plan.duration = std::chrono::seconds(6);
  const SwarmResult r = run_swarm(plan);
  std::printf("slow headers: %s\n", describe(r).c_str());
  // Each connection is cut at 2 s (plus the wait for its first byte) however steadily it trickles.
  EXPECT_GE(r.statuses.count(408) ? r.statuses.at(408) : 0, 20u) << describe(r);
  EXPECT_TRUE(healthy()) << hq_->log();
}

TEST_F(HostileClientTest, ConnectionsBeyondTheCapOfOneAddressGet503WhileOthersAreServed) {
  start({"--max-connections-per-address", "50"});
  SwarmPlan plan;
  plan.port = hq_->port();
  plan.slow = 80;
  plan.source_addresses = 1;  // all from 127.0.0.2
  plan.duration = std::chrono::seconds(3);
  auto swarm = std::async(std::launch::async, [&] { return run_swarm(plan); });
  const ServiceFigures f = probe_service(*hq_, token_, std::chrono::seconds(2));
  const SwarmResult r = swarm.get();
  std::printf("per-address cap: %s\n", describe(r).c_str());
  EXPECT_GT(r.statuses.count(503) ? r.statuses.at(503) : 0, 30u) << describe(r);
  EXPECT_EQ(f.failures, 0u) << f.first_failure;
}

TEST_F(HostileClientTest, SlowAndFloodingClientsDoNotStopServiceForOthers) {
  start();
  SwarmPlan plan;
  plan.port = hq_->port();
  plan.slow = 2000;
  plan.flood = 200;
  plan.duration = std::chrono::seconds(15);
  const double idle_rss = rss_mib(hq_->pid());
  auto swarm = std::async(std::launch::async, [&] { return run_swarm(plan); });
  const ServiceFigures f = probe_service(*hq_, token_, std::chrono::seconds(12));
  const SwarmResult r = swarm.get();
  std::printf("swarm: %s\n", describe(r).c_str());
  std::printf("service during the swarm: health p99 %.3f s (%zu), upload p99 %.3f s (%zu), sign-in page p99 "
              "%.3f s (%zu), %zu failures; HQ RSS %.0f MiB idle, %.0f MiB at peak\n",
              p99(f.health), f.health.size(), p99(f.upload), f.upload.size(), p99(f.sign_in),
              f.sign_in.size(), f.failures, idle_rss, f.peak_rss_mib);
  EXPECT_GE(r.peak_open, 2000u) << describe(r);
  EXPECT_EQ(f.failures, 0u) << f.first_failure;
  EXPECT_LT(p99(f.health), 1.0);
  EXPECT_LT(p99(f.upload), 1.0);
  EXPECT_LT(p99(f.sign_in), 1.0);
  EXPECT_LT(f.peak_rss_mib, 200.0);
  EXPECT_TRUE(healthy()) << hq_->log();
}

}  // namespace
}  // namespace hymy::hostile_test
