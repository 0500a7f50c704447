// The [sync] section, HQ URL and pin checks, and the backoff arithmetic.
#include <gtest/gtest.h>

#include "daemon/backoff.hpp"
#include "daemon/sync_config.hpp"

namespace hymy::sync {
namespace {

const char* kMinimal = R"(
[sync]
hq_url = "https://hq.example.org/"
token_file = "/var/lib/hymy/token"
)";

std::string error_of(const std::string& toml) {
  try {
    read_sync_config(ConfigFile::parse(toml, "tablet.toml"));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(SyncConfig, DefaultsMatchTheIssue) {
  const SyncConfig c = read_sync_config(ConfigFile::parse(kMinimal, "tablet.toml"));
  EXPECT_EQ(c.hq_url, "https://hq.example.org");
  EXPECT_EQ(c.interval_ms, 300'000);
  EXPECT_EQ(c.batch_rows, 500u);
  EXPECT_EQ(c.reconcile_minute, 120);
  EXPECT_EQ(c.purge_after_days, 30);
  EXPECT_FALSE(c.allow_insecure_http);
  EXPECT_TRUE(c.pinned_public_keys.empty());
}

TEST(SyncConfig, EveryKeyIsRead) {
  const SyncConfig c = read_sync_config(ConfigFile::parse(R"(
[sync]
hq_url = "http://10.0.0.5:8080"
allow_insecure_http = true
token_file = "t"
interval_seconds = 60
batch_rows = 250
reconcile_at = "03:45"
purge_after_days = 14
ca_bundle = "/etc/hymy/ca.pem"
pinned_public_keys = ["sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "sha256//BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB="]
connect_timeout_seconds = 5
request_timeout_seconds = 30
low_speed_bytes_per_second = 50
low_speed_seconds = 20
max_response_bytes = 100000
backoff_base_seconds = 2
backoff_max_seconds = 600
auth_retry_seconds = 900
)", "t.toml"));
  EXPECT_EQ(c.interval_ms, 60'000);
  EXPECT_EQ(c.batch_rows, 250u);
  EXPECT_EQ(c.reconcile_minute, 3 * 60 + 45);
  EXPECT_EQ(c.purge_after_days, 14);
  EXPECT_EQ(c.ca_bundle, "/etc/hymy/ca.pem");
  EXPECT_EQ(c.pinned_public_keys.size(), 2u);
  EXPECT_EQ(c.connect_timeout_ms, 5000);
  EXPECT_EQ(c.request_timeout_ms, 30'000);
  EXPECT_EQ(c.low_speed_bytes_per_second, 50);
  EXPECT_EQ(c.low_speed_seconds, 20);
  EXPECT_EQ(c.max_response_bytes, 100000u);
  EXPECT_EQ(c.backoff_base_ms, 2000);
  EXPECT_EQ(c.backoff_max_ms, 600'000);
  EXPECT_EQ(c.auth_retry_ms, 900'000);
}

TEST(SyncConfig, ErrorsNameFileKeyAndWhatWasFound) {
  const std::string base = "[sync]\ntoken_file = \"t\"\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[sync]\ntoken_file = \"t\"\n", "sync.hq_url"},
      {base + "hq_url = \"http://hq.example.org\"\n", "loopback"},
      {base + "hq_url = \"ftp://hq.example.org\"\n", "ftp"},
      {base + "hq_url = \"not a url\"\n", "sync.hq_url"},
      {base + "hq_url = \"https://hq.example.org/?x=1\"\n", "query"},
      {base + "hq_url = \"https://h\"\nbatch_rows = 5000\n", "sync.batch_rows"},
      {base + "hq_url = \"https://h\"\nreconcile_at = \"25:00\"\n", "25:00"},
      {base + "hq_url = \"https://h\"\npinned_public_keys = [\"abc\"]\n", "sha256//"},
      {base + "hq_url = \"https://h\"\ninterval_secs = 5\n", "interval_secs"},
      {base + "hq_url = \"https://h\"\nbackoff_base_seconds = 100\nbackoff_max_seconds = 10\n",
       "sync.backoff_max_seconds"},
  };
  for (const auto& [toml, expected] : cases) {
    const std::string e = error_of(toml);
    EXPECT_NE(e.find("tablet.toml"), std::string::npos) << toml << " -> " << e;
    EXPECT_NE(e.find(expected), std::string::npos) << toml << " -> " << e;
  }
}

TEST(SyncConfig, TheExampleFileIsValidAndUsesTheDefaults) {
  const ConfigFile file = ConfigFile::load(HYMY_SYNC_EXAMPLE_CONFIG);
  EXPECT_EQ(read_device_config(file).unit_id, "demo");
  const SyncConfig c = read_sync_config(file);
  const SyncConfig defaults;
  EXPECT_EQ(c.interval_ms, defaults.interval_ms);
  EXPECT_EQ(c.batch_rows, defaults.batch_rows);
  EXPECT_EQ(c.request_timeout_ms, defaults.request_timeout_ms);
  EXPECT_EQ(c.max_response_bytes, defaults.max_response_bytes);
  EXPECT_EQ(c.backoff_base_ms, defaults.backoff_base_ms);
  EXPECT_EQ(c.backoff_max_ms, defaults.backoff_max_ms);
  EXPECT_EQ(c.auth_retry_ms, defaults.auth_retry_ms);
}

TEST(HqUrl, PlainHttpOnlyToLoopbackUnlessAllowed) {
  EXPECT_EQ(check_hq_url("https://hq.example.org", false), "");
  EXPECT_EQ(check_hq_url("http://127.0.0.1:8080", false), "");
  EXPECT_EQ(check_hq_url("http://localhost:8080", false), "");
  EXPECT_EQ(check_hq_url("http://[::1]:8080", false), "");
  EXPECT_NE(check_hq_url("http://hq.example.org", false), "");
  EXPECT_NE(check_hq_url("http://127.0.0.1.evil.example", false), "");
  EXPECT_EQ(check_hq_url("http://hq.example.org", true), "");
  EXPECT_NE(check_hq_url("https://user:pw@hq.example.org", false), "");
}

TEST(Pins, FormatIsChecked) {
  EXPECT_EQ(check_pin("sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), "");
  EXPECT_NE(check_pin("sha256//short="), "");
  EXPECT_NE(check_pin("md5//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), "");
  EXPECT_NE(check_pin("sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!A="), "");
}

TEST(Backoff, FullJitterWithinTheDoublingCeiling) {
  double u = 0.999;
  Backoff b(1000, 8000, 3'600'000, [&] { return u; });
  EXPECT_EQ(b.next_delay_ms(), 999);
  EXPECT_EQ(b.next_delay_ms(), 1998);
  EXPECT_EQ(b.next_delay_ms(), 3996);
  EXPECT_EQ(b.next_delay_ms(), 7992);
  EXPECT_EQ(b.next_delay_ms(), 7992) << "capped";
  u = 0.0;
  EXPECT_EQ(b.next_delay_ms(), 0) << "full jitter reaches down to zero";
  b.reset();
  u = 0.5;
  EXPECT_EQ(b.next_delay_ms(), 500);
  for (int i = 0; i < 200; ++i) EXPECT_LE(b.next_delay_ms(), 8000) << "no overflow after many failures";
}

TEST(Backoff, RetryAfterIsALowerBoundClampedToTheMaximum) {
  Backoff b(1000, 8000, 60'000, [] { return 0.5; });
  EXPECT_EQ(b.next_delay_ms(30'000), 30'000);
  EXPECT_EQ(b.next_delay_ms(10), 1000) << "the backoff is longer than a tiny Retry-After";
  EXPECT_EQ(b.next_delay_ms(9'000'000), 60'000);
  EXPECT_EQ(b.next_delay_ms(-5), 4000);
}

TEST(Backoff, ParsesRetryAfterSecondsAndDates) {
  const std::int64_t now = 1795420800000;  // Mon, 23 Nov 2026 08:00:00 GMT
  EXPECT_EQ(parse_retry_after("120", now), 120'000);
  EXPECT_EQ(parse_retry_after(" 7 ", now), 7000);
  EXPECT_EQ(parse_retry_after("Mon, 23 Nov 2026 08:01:00 GMT", now), 60'000);
  EXPECT_EQ(parse_retry_after("Mon, 23 Nov 2026 07:00:00 GMT", now), 0);
  EXPECT_FALSE(parse_retry_after("soon", now).has_value());
  EXPECT_FALSE(parse_retry_after("", now).has_value());
  EXPECT_GE(*parse_retry_after("99999999999999999999", now), 3'600'000);
}

}  // namespace
}  // namespace hymy::sync
