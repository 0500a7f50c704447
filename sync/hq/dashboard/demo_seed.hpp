// Demo data for HQ (`hymy-hq demo-seed`, and the dashboard's browser test): four units with
// tablets, a published question set, two users, and a few weeks of plausible answers (a mean
// around 3.5, a day-and-hour rhythm, comments in Finnish, Swedish and English, some staff-recorded
// and flagged answers, one tablet that stopped syncing). For demos and tests only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "auth/password_hash.hpp"
#include "store/hq_store.hpp"

namespace hymy::hq {

struct DemoSeedOptions {
  std::int64_t now_ms = 0;       // answers end here
  int days = 42;                 // of history before now
  std::uint32_t random_seed = 20241123;
  std::string password;          // of both demo users
  int password_iterations = kPasswordIterations;
};

struct DemoSeedResult {
  std::vector<std::string> unit_ids;
  std::string admin_user;   // sees every unit
  std::string viewer_user;  // sees the first unit only
  std::int64_t responses = 0;
};

// Refuses (std::invalid_argument) a store that already holds units: demo data never mixes with
// real data.
DemoSeedResult seed_demo_data(HqStore& store, const DemoSeedOptions& options);

}  // namespace hymy::hq
