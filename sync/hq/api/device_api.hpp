// The tablets' API (sync/PROTOCOL.md): POST /v1/batches, GET /v1/question-set, GET /v1/figures,
// GET /v1/daily-counts. Every request is authenticated by its device token; the unit is always
// the token's device's unit.
#pragma once

#include <cstdint>
#include <functional>

#include "server/hq_server.hpp"
#include "store/hq_store.hpp"

namespace hymy::hq {

struct DeviceApiOptions {
  std::function<std::int64_t()> clock;  // empty: the system clock
};

void register_device_api(HqServer& server, HqStore& store, DeviceApiOptions options = {});

// GET /healthz (the store answers) and GET /metrics (Prometheus text).
void register_health(HqServer& server, HqStore& store, DeviceApiOptions options = {});

}  // namespace hymy::hq
