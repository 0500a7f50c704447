// HQ's checks on an uploaded batch beyond the protocol's row rules, and storing it: the question
// must be one HQ published for the device's unit, comments are cleaned again, answers far in the
// future are flagged, and the whole batch goes to the store in one transaction.
#pragma once

#include <cstdint>

#include "protocol/protocol.hpp"
#include "store/hq_store.hpp"

namespace hymy::hq {

// How far past the (skew-corrected) server time an answer may lie before it is flagged
// kFlagClockSkew.
constexpr std::int64_t kFutureToleranceMs = 24LL * 60 * 60 * 1000;

// Stores `batch` for `device` (its unit from the device's record, never from the body).
// Question check: when the unit has published question sets, a row must name a question that is
// in the version it cites; when it has none (the tablets run their local sets), any question id
// is accepted and stored as sent.
protocol::BatchReply ingest_batch(HqStore& store, const DeviceRecord& device,
                                  const protocol::DecodedBatch& batch, std::int64_t now_ms);

}  // namespace hymy::hq
