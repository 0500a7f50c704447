// UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then randomness, so ids sort by creation time.
#pragma once

#include <cstdint>
#include <string>

namespace hymy {

// Lower-case canonical form, e.g. "01890a5d-ac96-774b-bcce-b302099a8057". Within one process ids
// are strictly increasing even if the clock stands still or jumps back.
std::string new_uuid_v7();
std::string uuid_v7_at(std::int64_t unix_ms);

bool is_uuid(const std::string& s);
// The millisecond timestamp inside a UUIDv7.
std::int64_t uuid_v7_time_ms(const std::string& uuid);

}  // namespace hymy
