// The daemon's work, one cycle at a time: upload the outbox in batches, pull the question set and
// the unit's figures, run the nightly reconciliation and purge, and write the status for the
// kiosk. No sleeping happens here; a cycle says how long to wait before the next one, so the
// service loop (service.hpp) and the tests decide how to wait.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/backoff.hpp"
#include "daemon/http_client.hpp"
#include "daemon/stop_signal.hpp"
#include "daemon/sync_config.hpp"
#include "hymy/config_file.hpp"
#include "hymy/local_time.hpp"
#include "hymy/tablet_store.hpp"

namespace hymy::sync {

enum class ErrorKind { none, auth, network, server, protocol, config, local };
const char* to_string(ErrorKind kind);

struct EngineHooks {
  std::function<std::int64_t()> now_ms;   // the wall clock; default hymy::now_ms
  std::function<double()> uniform01;      // jitter; default a seeded Mersenne twister
};

struct UploadResult {
  ErrorKind error_kind = ErrorKind::none;
  std::string error;                        // plain words for the staff screen
  std::optional<std::int64_t> retry_after_ms;
  std::int64_t delivered = 0;               // accepted + duplicate
  std::int64_t rejected = 0;                // by HQ, or refused locally before sending
  std::int64_t requests = 0;
  bool ok() const { return error_kind == ErrorKind::none; }
};

struct CycleResult {
  ErrorKind error_kind = ErrorKind::none;
  std::string error;
  std::int64_t wait_ms = 0;  // until the next cycle
  UploadResult upload;
  bool ok() const { return error_kind == ErrorKind::none; }
};

// Running totals, for the benchmark and the log.
struct Traffic {
  std::int64_t requests = 0;
  std::int64_t bytes_sent = 0;
  std::int64_t bytes_received = 0;
  std::int64_t batch_body_bytes = 0;  // the gzip bodies of POST /v1/batches alone
};

class SyncEngine {
 public:
  // `stop` (optional) aborts a transfer in flight and ends an upload between batches.
  SyncEngine(DeviceConfig device, SyncConfig config, TabletStore& store,
             const StopSignal* stop = nullptr, EngineHooks hooks = {});
  ~SyncEngine();

  // Uploads everything waiting, pulls, runs the nightly work if due, writes status.
  CycleResult run_cycle();

  // The parts of a cycle, public for tests.
  UploadResult upload();
  ErrorKind pull_question_set(std::string& error);
  ErrorKind pull_figures(std::string& error);
  // Compares per-UTC-day counts with HQ for the days the tablet still holds, marks days HQ lacks
  // as unsent (the next upload re-sends them), then purges old acknowledged rows.
  ErrorKind reconcile(std::string& error);
  bool reconcile_due();

  // Forget an auth failure (the token or configuration changed).
  void clear_auth_block() { auth_block_.reset(); }
  const Traffic& traffic() const { return traffic_; }
  const SyncConfig& config() const { return config_; }

 private:
  struct AuthBlock {
    std::string token;
    std::int64_t until_ms = 0;
  };
  struct Call {
    HttpReply reply;
    ErrorKind kind = ErrorKind::none;  // none: a 2xx or 304/404 the caller handles
    std::string error;
    std::optional<std::int64_t> retry_after_ms;
  };

  std::int64_t now() const { return hooks_.now_ms(); }
  Call call(const std::string& what, const std::string& path, const std::string* body,
            const std::vector<std::string>& extra_headers);
  bool load_token(std::string& error);
  void write_status(const CycleResult& result);
  void write_queue();
  void note_auth_failure();

  DeviceConfig device_;
  SyncConfig config_;
  TabletStore& store_;
  const StopSignal* stop_;
  EngineHooks hooks_;
  TimeZone zone_;
  HttpClient http_;
  Backoff backoff_;
  std::string token_;
  std::optional<AuthBlock> auth_block_;
  Traffic traffic_;
};

}  // namespace hymy::sync
