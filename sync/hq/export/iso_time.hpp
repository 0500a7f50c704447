// ISO 8601 renderings of stored instants, shared by the exports and the dashboard.
#pragma once

#include <cstdint>
#include <string>

namespace hymy::hq {

// "2026-11-23T08:15:30.123Z".
std::string iso_utc(std::int64_t utc_ms);
// The same instant with a local offset, e.g. "2026-11-23T10:15:30+02:00" (seconds precision).
std::string iso_local(std::int64_t utc_ms, int utc_offset_min);

}  // namespace hymy::hq
