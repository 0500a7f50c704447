// Network faults (issue 9): the real daemon uploads to the real HQ through the fault-injecting
// proxy — added latency, blackholes, replies withheld after HQ stored the batch, resets in the
// middle of a request or of a reply, truncated replies, refused connections — and, once the
// faults stop, every answer is at HQ exactly once. 429/503 with Retry-After are HQ replies that
// hymy-hq does not make on demand; the scripted fake HQ of tests/sync covers them.
//
// Scale with HYMY_SYSTEM_FAULTS (faults per scenario) and HYMY_SYSTEM_NET_ANSWERS (README.md).
#include <gtest/gtest.h>
#include <httplib.h>

#include "fault_proxy.hpp"
#include "system_support.hpp"

namespace hymy::system_test {
namespace {

using std::chrono::milliseconds;
using Mode = FaultProxy::Mode;

struct Scenario {
  const char* name;
  Mode mode;
  int faults;  // in the short (CI) run; scaled by HYMY_SYSTEM_FAULTS
  std::size_t min_after = 0, max_after = 0;
  int latency_ms = 0;
};

// A batch of 25 answers is about 1 KB on the wire with its headers, its reply about 600 bytes:
// the cut points below fall inside the first request or reply of a connection.
const Scenario kScenarios[] = {
    {"latency_150ms", Mode::pass, 0, 0, 0, 150},
    {"blackhole", Mode::blackhole, 3},
    {"stall_reply_after_hq_stored", Mode::stall_reply, 3},
    {"reset_mid_request", Mode::reset_request, 6, 1, 700},
    {"reset_mid_reply", Mode::reset_reply, 6, 1, 400},
    {"truncated_reply", Mode::truncate_reply, 6, 1, 400},
    {"connection_refused", Mode::refuse, 6},
};

class NetworkFaultTest : public ::testing::TestWithParam<Scenario> {
 protected:
  hymy::testing::TempDir root;
};

TEST_P(NetworkFaultTest, EveryAnswerArrivesExactlyOnceAfterTheFaults) {
  const Scenario& s = GetParam();
  const int n = scaled("NET_ANSWERS", 400);
  const int faults = s.faults == 0 ? 0 : s.faults * scaled("FAULTS", 1);
  std::mt19937 rng(seed());

  HqProcess hq((root.path() / "hq-data").string());
  hq.admin({"unit", "add", "net-unit", "--name-fi", "Verkkotesti"});
  const std::string token = hq.enroll("net-unit", "net-tab");
  hq.start();
  FaultProxy proxy(hq.port(), seed());
  Tablet tablet(root.path() / "tablet", "net-tab", "net-unit");
  tablet.write_config("http://127.0.0.1:" + std::to_string(proxy.port()), token,
                      "batch_rows = 25\nrequest_timeout_seconds = 2\n");
  tablet.seed(n, rng);

  proxy.set_latency(milliseconds(s.latency_ms));
  proxy.inject(s.mode, faults, s.min_after, s.max_after);
  const auto started = std::chrono::steady_clock::now();
  auto daemon = tablet.start_daemon();
  if (s.latency_ms > 0) {
    // Latency alone: everything must arrive through the slow link, each batch taking at least a
    // round trip of it.
    ASSERT_TRUE(wait_until([&] { return tablet.unsent() == 0 || !daemon->running(); }, milliseconds(90'000)) &&
                tablet.unsent() == 0)
        << tablet.unsent() << " answers still unsent\n" << tablet.daemon_log();
    const auto took = std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - started);
    EXPECT_GE(took.count(), (n / 25) * 2 * s.latency_ms) << "the latency was not applied";
  }
  // Each fault ends a connection and the daemon's retry (after at most a second, or after its
  // 2 s request timeout) opens the next one: all of them are handed out while answers wait.
  EXPECT_TRUE(wait_until([&] { return proxy.stats().fired >= faults || !daemon->running(); },
                         milliseconds(15'000 + faults * 5'000)))
      << "only " << proxy.stats().fired << " of " << faults << " faults happened";
  ASSERT_TRUE(daemon->running()) << "hymy-sync ended:\n" << tablet.daemon_log();
  const std::int64_t unsent_during_faults = tablet.unsent();
  proxy.clear();
  ASSERT_TRUE(wait_until([&] { return tablet.unsent() == 0 || !daemon->running(); }, milliseconds(60'000)) &&
              tablet.unsent() == 0)
      << tablet.unsent() << " answers still unsent\n" << tablet.daemon_log();
  const std::int64_t resent = hq.rows_metric("duplicate");
  EXPECT_EQ(daemon->stop(milliseconds(20'000)), 0) << tablet.daemon_log();

  const FaultProxy::Stats st = proxy.stats();
  const Comparison c = compare(tablet, hq.contents());
  print_summary(std::string("network_") + s.name, static_cast<int>(st.fired), c,
                {{"connections", st.connections},
                 {"faults_fired", st.fired},
                 {"unsent_when_faults_stopped", unsent_during_faults},
                 {"resent_answered_duplicate", resent}});
  EXPECT_EQ(c.on_tablet, n);
  EXPECT_TRUE(c.exact()) << describe(c);
  EXPECT_EQ(st.fired, faults);
  if (faults > 0) {
    EXPECT_GT(unsent_during_faults, 0) << "the faults did not hold back any answer";
  }
}

std::string scenario_name(const ::testing::TestParamInfo<Scenario>& p) { return p.param.name; }
void PrintTo(const Scenario& s, std::ostream* os) { *os << s.name; }
INSTANTIATE_TEST_SUITE_P(Scenarios, NetworkFaultTest, ::testing::ValuesIn(kScenarios), scenario_name);

// The proxy itself: a fault it claims to inject must happen (otherwise the tests above would
// pass without testing anything).
TEST(FaultProxyTest, CutsARepliesAfterTheAskedBytesAndPassesTheRest) {
  hymy::testing::TempDir root;
  HqProcess hq((root.path() / "hq-data").string());
  hq.start();
  FaultProxy proxy(hq.port(), 7);
  proxy.inject(Mode::truncate_reply, 1, 20, 20);
  httplib::Client first("127.0.0.1", proxy.port());
  first.set_read_timeout(5, 0);
  const auto cut = first.Get("/healthz");
  EXPECT_FALSE(cut && cut->status == 200) << "a reply cut after 20 bytes was read whole";
  httplib::Client second("127.0.0.1", proxy.port());
  const auto whole = second.Get("/healthz");
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->status, 200);
  const auto st = proxy.stats();
  EXPECT_EQ(st.connections, 2);
  EXPECT_EQ(st.faulted, 1);
  EXPECT_EQ(st.fired, 1);
}

}  // namespace
}  // namespace hymy::system_test
