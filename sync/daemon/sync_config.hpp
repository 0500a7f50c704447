// The [sync] section of the tablet's configuration file: where HQ is, how to authenticate, and
// how often and how patiently to talk to it. See assets/config/sync.example.toml.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "hymy/config_file.hpp"

namespace hymy::sync {

struct SyncConfig {
  std::string hq_url;      // e.g. "https://hq.example.org"; no trailing slash
  std::string token_file;  // holds the device token, one line

  std::int64_t interval_ms = 300'000;     // between cycles while all is well
  std::size_t batch_rows = 500;           // rows per POST /v1/batches (HQ takes up to 1000)
  int reconcile_minute = 2 * 60;          // local minute of day of the nightly reconciliation
  int purge_after_days = 30;              // acknowledged rows older than this are deleted

  std::string ca_bundle;                        // "" = the system's CA store
  std::vector<std::string> pinned_public_keys;  // "sha256//<base64>", current and backup
  bool allow_insecure_http = false;             // plain http:// to a host other than loopback

  std::int64_t connect_timeout_ms = 10'000;
  std::int64_t request_timeout_ms = 60'000;     // whole request, upload and reply
  std::int64_t low_speed_bytes_per_second = 100;
  std::int64_t low_speed_seconds = 30;          // abort when slower than the above this long
  std::size_t max_response_bytes = 4 << 20;

  std::int64_t backoff_base_ms = 5'000;         // first retry waits up to this long
  std::int64_t backoff_max_ms = 15 * 60'000;    // the cap of the exponential backoff
  std::int64_t max_retry_after_ms = 3'600'000;  // HQ's Retry-After is clamped to this
  std::int64_t auth_retry_ms = 3'600'000;       // after 401/403, try again this much later
};

// Reads [sync] (unknown keys are refused); throws ConfigError naming file, key, expected, found.
SyncConfig read_sync_config(const ConfigFile& file);

// "" if `url` may be used as HQ's base URL, otherwise why not. Plain http:// is allowed only to a
// loopback host unless `allow_insecure_http`.
std::string check_hq_url(const std::string& url, bool allow_insecure_http);

// "" if `pin` looks like curl's "sha256//<base64 of 32 bytes>", otherwise why not.
std::string check_pin(const std::string& pin);

}  // namespace hymy::sync
