// Staff screens' data from the database (see staff_reads.hpp). The sync daemon's values are JSON
// written by another process; anything missing or malformed reads as "not available", never as
// zero and never as a crash.
#include "storage/staff_reads.hpp"

#include <sys/statvfs.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "hymy/device_state_keys.hpp"
#include "hymy/json_bounded.hpp"
#include "protocol/protocol.hpp"
#include "storage/response_store.hpp"

namespace hymy::kiosk {
namespace {

using nlohmann::json;
namespace keys = hymy::device_state_keys;

std::optional<json> state_json(TabletStore& store, const char* key) {
  const auto text = store.state(key);
  if (!text) return std::nullopt;
  json j = parse_json_bounded_or_discarded(*text);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

std::optional<std::int64_t> ms_field(const std::optional<json>& j, const char* name) {
  if (!j || !j->contains(name) || !(*j)[name].is_number_integer()) return std::nullopt;
  return (*j)[name].get<std::int64_t>();
}

}  // namespace

StaffFigures read_staff_figures(TabletStore& store, const TimeZone& zone, std::int64_t wall_ms) {
  StaffFigures f;
  const LocalDate today = zone.date_of(wall_ms);
  f.date = today.iso();
  f.tablet = compute_figures([&](std::int64_t from, std::int64_t to) { return store.answers_between(from, to); },
                             today, 1, zone);

  const auto unit = state_json(store, keys::kFiguresToday);
  f.unit_last_fetch_ms = ms_field(unit, "fetched_at_ms");
  if (!unit) {
    f.unit_missing_reason = "not fetched from HQ yet";
  } else if (!unit->contains("date") || !(*unit)["date"].is_string() || (*unit)["date"] != f.date) {
    f.unit_missing_reason = "the last figures from HQ are of another day";
  } else if (!unit->contains("figures")) {
    f.unit_missing_reason = "the stored figures from HQ are incomplete";
  } else {
    try {
      const protocol::UnitFigures u = protocol::decode_figures((*unit)["figures"].dump());
      UnitDayFigures d;
      d.date = f.date;
      d.fetched_at_ms = f.unit_last_fetch_ms.value_or(0);
      d.current = u.current;
      d.previous = u.previous;
      d.same_weekday_last_week = u.same_weekday_last_week;
      f.unit_today = d;
    } catch (const std::exception& e) {
      f.unit_missing_reason = std::string("the stored figures from HQ cannot be read: ") + e.what();
    }
  }
  return f;
}

DeviceHealth read_device_health(TabletStore& store, const DeviceFacts& facts) {
  DeviceHealth h;
  h.device_id = facts.device_id;
  h.unit_id = facts.unit_id;
  h.app_version = facts.app_version;
  h.database_path = facts.database_path;
  h.unsent = store.unsent_count();
  h.rejected = static_cast<std::int64_t>(store.rejected().size());
  h.last_success_ms = ms_field(state_json(store, keys::kLastSuccess), "at_ms");
  h.last_attempt_ms = ms_field(state_json(store, keys::kLastAttempt), "at_ms");
  if (const auto e = state_json(store, keys::kLastError); e && e->contains("message") && (*e)["message"].is_string()) {
    SyncProblem p;
    p.kind = e->value("kind", "");
    p.message = (*e)["message"].get<std::string>();
    p.at_ms = ms_field(e, "at_ms").value_or(0);
    p.retry_at_ms = ms_field(e, "retry_at_ms").value_or(0);
    h.last_error = p;
  }
  if (const auto note = store.state(kLastStoreErrorKey)) {
    // "<ms> <message>" (tablet_response_store.cpp); the message is what staff need.
    const auto space = note->find(' ');
    h.last_store_error = space == std::string::npos ? *note : note->substr(space + 1);
  }
  if (const auto set = store.current_question_set()) h.question_set_version = set->version;
  h.question_set_source = store.current_question_set_source().value_or("");

  namespace fs = std::filesystem;
  std::error_code ec;
  std::int64_t bytes = 0;
  bool any = false;
  for (const char* suffix : {"", "-wal"}) {
    const auto size = fs::file_size(facts.database_path + suffix, ec);
    if (!ec) {
      bytes += static_cast<std::int64_t>(size);
      any = true;
    }
  }
  if (any) h.database_bytes = bytes;
  fs::path folder = fs::absolute(fs::path(facts.database_path), ec).parent_path();
  struct statvfs vfs {};
  if (statvfs(folder.c_str(), &vfs) == 0) {
    h.disk_free_bytes = static_cast<std::int64_t>(vfs.f_bavail) * static_cast<std::int64_t>(vfs.f_frsize);
    h.disk_total_bytes = static_cast<std::int64_t>(vfs.f_blocks) * static_cast<std::int64_t>(vfs.f_frsize);
  }
  return h;
}

}  // namespace hymy::kiosk
