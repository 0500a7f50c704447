// What the staff screens show, as plain data the storage thread reads from the tablet's database:
// today's figures (this tablet, and the whole unit as HQ last sent them) and the device's health.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "hymy/figures.hpp"

namespace hymy::kiosk {

// The unit's figures (all its tablets) for one local day, as pulled from HQ by hymy-sync.
struct UnitDayFigures {
  std::string date;              // YYYY-MM-DD, local
  std::int64_t fetched_at_ms = 0;
  Summary current;
  Summary previous;
  std::optional<Summary> same_weekday_last_week;
};

struct StaffFigures {
  std::string date;              // today, local
  Figures tablet;                // this tablet, hymy::compute_figures over its own answers
  std::optional<UnitDayFigures> unit_today;  // none: missing (never fetched, stale or unreadable)
  std::string unit_missing_reason;           // why, in words for the log and the screen's detail
  std::optional<std::int64_t> unit_last_fetch_ms;  // when a (possibly stale) value was fetched
};

// The sync daemon's last error, as it wrote it (shared/hymy/device_state_keys.hpp).
struct SyncProblem {
  std::string kind;     // auth, network, server, protocol, config, local
  std::string message;  // the daemon's own plain words
  std::int64_t at_ms = 0;
  std::int64_t retry_at_ms = 0;
};

struct DeviceHealth {
  std::string device_id;
  std::string unit_id;
  std::string app_version;
  std::string database_path;
  std::int64_t unsent = 0;
  std::int64_t rejected = 0;
  std::optional<std::int64_t> last_success_ms;
  std::optional<std::int64_t> last_attempt_ms;
  std::optional<SyncProblem> last_error;
  std::string last_store_error;   // the kiosk's own last failed write, "" if none
  std::optional<std::int64_t> database_bytes;  // the file with its WAL
  std::optional<std::int64_t> disk_free_bytes;
  std::optional<std::int64_t> disk_total_bytes;
  std::int64_t question_set_version = 0;
  std::string question_set_source;  // local | hq
  std::string read_error;           // "" unless the database could not be read at all
};

}  // namespace hymy::kiosk
