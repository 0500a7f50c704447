// The service loop and the status command.
#include "daemon/service.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "daemon/log.hpp"
#include "daemon/sync_engine.hpp"
#include "hymy/clock.hpp"
#include "hymy/device_state_keys.hpp"
#include "hymy/json_bounded.hpp"
#include "hymy/local_time.hpp"

namespace hymy::sync {
namespace {

using nlohmann::json;
namespace keys = hymy::device_state_keys;
// How often a sleeping daemon looks whether its configuration or token file changed.
constexpr std::int64_t kFileCheckMs = 2000;

struct Loaded {
  DeviceConfig device;
  SyncConfig sync;
};

// A relative path in the file is relative to the file, as the kiosk reads the same file: both
// programs then open the same database whatever directory they were started in.
std::string beside(const std::string& config_path, const std::string& path) {
  if (path.empty() || std::filesystem::path(path).is_absolute()) return path;
  return (std::filesystem::path(config_path).parent_path() / path).lexically_normal().string();
}

Loaded load(const std::string& path) {
  const ConfigFile file = ConfigFile::load(path);
  Loaded loaded{read_device_config(file), read_sync_config(file)};
  loaded.device.database = beside(path, loaded.device.database);
  loaded.sync.token_file = beside(path, loaded.sync.token_file);
  loaded.sync.ca_bundle = beside(path, loaded.sync.ca_bundle);
  return loaded;
}

// Enough of a file's identity to notice an edit or a replacement (mtime to the nanosecond).
std::string fingerprint(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "missing";
  return std::to_string(st.st_ino) + ":" + std::to_string(st.st_size) + ":" +
         std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

std::string local_time(std::int64_t ms, const TimeZone& zone) {
  const int minute = zone.minute_of_day(ms);
  char hm[16];
  std::snprintf(hm, sizeof hm, "%02d:%02d", minute / 60, minute % 60);
  return zone.date_of(ms).iso() + " " + hm;
}

json state_or_empty(TabletStore& store, const char* key) {
  const auto v = store.state(key);
  if (!v) return json::object();
  json j = parse_json_bounded_or_discarded(*v);
  return j.is_object() ? j : json::object();
}

std::int64_t ms_of(const json& j, const char* key) {
  return j.contains(key) && j[key].is_number_integer() ? j[key].get<std::int64_t>() : 0;
}

}  // namespace

int run_service(const std::string& config_path, bool once, StopSignal& stop) {
  Loaded config;
  try {
    config = load(config_path);
  } catch (const std::exception& e) {
    log_line(std::string("configuration error: ") + e.what());
    return 2;
  }
  std::unique_ptr<TabletStore> store;
  try {
    store = std::make_unique<TabletStore>(config.device.database);
  } catch (const std::exception& e) {
    log_line(std::string("cannot open the tablet's database: ") + e.what());
    return 2;
  }
  auto engine = std::make_unique<SyncEngine>(config.device, config.sync, *store, &stop);
  log_line("started for device " + config.device.device_id + " of unit " + config.device.unit_id +
           ", HQ " + config.sync.hq_url + (once ? " (once)" : ""));

  std::string config_print = fingerprint(config_path);
  std::string token_print = fingerprint(config.sync.token_file);
  while (!stop.stop_requested()) {
    CycleResult r;
    try {
      r = engine->run_cycle();
    } catch (const std::exception& e) {
      // A database error (disk full, locked for too long) must not kill the service; the rows
      // stay where they are and the next cycle tries again.
      log_line(std::string("cycle failed: ") + e.what());
      r.error_kind = ErrorKind::local;
      r.wait_ms = config.sync.interval_ms;
    }
    if (once) return r.ok() ? 0 : 1;
    if (r.upload.delivered > 0 || r.upload.rejected > 0) {
      log_line("delivered " + std::to_string(r.upload.delivered) + ", rejected " +
               std::to_string(r.upload.rejected));
    }

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(r.wait_ms);
    while (!stop.stop_requested()) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - std::chrono::steady_clock::now())
                            .count();
      if (left <= 0) break;
      if (stop.wait_for(std::min<std::int64_t>(left, kFileCheckMs))) break;
      const std::string new_config = fingerprint(config_path);
      const std::string new_token = fingerprint(config.sync.token_file);
      if (new_config != config_print) {
        config_print = new_config;
        try {
          Loaded fresh = load(config_path);
          if (fresh.device.database != config.device.database) {
            log_line("device.database changed; restart hymy-sync to use the new database");
          }
          fresh.device.database = config.device.database;
          config = std::move(fresh);
          engine = std::make_unique<SyncEngine>(config.device, config.sync, *store, &stop);
          token_print = fingerprint(config.sync.token_file);
          log_line("configuration reloaded");
          break;
        } catch (const std::exception& e) {
          log_line(std::string("configuration change ignored: ") + e.what());
          store->put_state(keys::kLastError,
                           json{{"at_ms", now_ms()}, {"kind", "config"}, {"message", e.what()}}.dump());
        }
      }
      if (new_token != token_print) {
        token_print = new_token;
        engine->clear_auth_block();
        log_line("device token file changed");
        break;
      }
    }
  }
  log_line("stopped");
  return 0;
}

int print_status(const std::string& config_path) {
  Loaded config;
  try {
    config = load(config_path);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hymy-sync: %s\n", e.what());
    return 2;
  }
  try {
    sqlite::OpenOptions options;
    options.read_only = true;
    TabletStore store(config.device.database, options);
    const TimeZone zone(config.device.time_zone);
    const auto when = [&](std::int64_t ms) { return ms > 0 ? local_time(ms, zone) : std::string("never"); };

    std::printf("device %s, unit %s, HQ %s\n", config.device.device_id.c_str(),
                config.device.unit_id.c_str(), config.sync.hq_url.c_str());
    const auto rejected = store.rejected();
    std::printf("queue: %lld waiting, %zu rejected\n", static_cast<long long>(store.unsent_count()),
                rejected.size());
    std::printf("last attempt: %s\n", when(ms_of(state_or_empty(store, keys::kLastAttempt), "at_ms")).c_str());
    const json success = state_or_empty(store, keys::kLastSuccess);
    std::printf("last success: %s\n", when(ms_of(success, "at_ms")).c_str());
    const json error = state_or_empty(store, keys::kLastError);
    if (error.contains("message") && error["message"].is_string()) {
      std::printf("last error: %s (%s, at %s; next try %s)\n", error["message"].get<std::string>().c_str(),
                  error.value("kind", "?").c_str(), when(ms_of(error, "at_ms")).c_str(),
                  when(ms_of(error, "retry_at_ms")).c_str());
    } else {
      std::printf("last error: none\n");
    }
    for (const auto& [label, key] : {std::pair{"figures today", keys::kFiguresToday},
                                     std::pair{"figures yesterday", keys::kFiguresYesterday}}) {
      const json f = state_or_empty(store, key);
      if (f.contains("figures") && f["figures"].contains("current")) {
        std::printf("%s (%s): %lld answers, fetched %s\n", label, f.value("date", "?").c_str(),
                    static_cast<long long>(f["figures"]["current"].value("count", 0LL)),
                    when(ms_of(f, "fetched_at_ms")).c_str());
      } else {
        std::printf("%s: not fetched yet\n", label);
      }
    }
    const json qs = state_or_empty(store, keys::kQuestionSet);
    std::printf("question set from HQ: %s\n",
                qs.contains("version") ? ("version " + qs["version"].dump() + ", checked " +
                                          when(ms_of(qs, "checked_at_ms"))).c_str()
                                       : "none fetched");
    const json rec = state_or_empty(store, keys::kReconcile);
    std::printf("reconciliation: %s\n",
                rec.contains("date") ? (rec["date"].get<std::string>() + ", days re-sent " +
                                        rec.value("resent_days", json::array()).dump() + ", purged " +
                                        rec.value("purged", json(0)).dump())
                                           .c_str()
                                     : "not run yet");
    for (const auto& r : rejected) std::printf("rejected %s: %s\n", r.id.c_str(), r.reason.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hymy-sync: cannot read the status: %s\n", e.what());
    return 2;
  }
  return 0;
}

}  // namespace hymy::sync
