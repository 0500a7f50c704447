// Seeds a tablet database the way a unit's day leaves it, for the staff UI tests and the staff
// screenshots: answers today, yesterday and on the same weekday last week (with comments, praise
// included, spoken feedback and a rapid repeat), and the status hymy-sync would have written.
#pragma once

#include <cstdint>
#include <string>

#include "hymy/local_time.hpp"
#include "hymy/tablet_store.hpp"

namespace hymy::kiosk::testing {

struct SeedOptions {
  std::int64_t now_ms = 0;       // "now"; answers are placed before it
  int today_answers = 60;        // roughly; spread over today's open hours so far
  bool unit_figures = true;      // store the unit's figures as if pulled from HQ today
  std::string sync_error_kind;   // "" for a healthy sync, else e.g. "auth"
  std::uint32_t seed = 7;        // the same seed gives the same data
};

// Writes answers of question set `set_version`'s first question(s) "visit" and "waiting-time".
void seed_staff_day(TabletStore& store, const TimeZone& zone, const SeedOptions& options);

}  // namespace hymy::kiosk::testing
