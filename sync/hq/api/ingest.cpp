// Ingest of one decoded batch.
#include "api/ingest.hpp"

#include <set>

#include "hymy/comment.hpp"

namespace hymy::hq {

protocol::BatchReply ingest_batch(HqStore& store, const DeviceRecord& device,
                                  const protocol::DecodedBatch& batch, std::int64_t now_ms) {
  protocol::BatchReply reply;
  reply.rejected = batch.rejected;

  const auto published = store.published_questions(device.unit_id);
  const std::set<std::pair<std::int64_t, std::string>> known(published.begin(), published.end());
  std::set<std::int64_t> versions;
  for (const auto& p : published) versions.insert(p.first);

  // Skew: how far the device's clock is behind HQ's. An answer is in the future when, moved onto
  // HQ's clock, it lies after now; a day's tolerance leaves room for slow uploads and DST slips.
  const std::int64_t skew_ms = now_ms - batch.sent_at_ms;

  std::vector<Response> rows;
  rows.reserve(batch.valid.size());
  for (const Response& sent : batch.valid) {
    Response r = sent;
    r.device_id = device.id;
    r.unit_id = device.unit_id;
    if (!known.empty()) {
      if (!versions.count(r.question_set_version)) {
        reply.rejected.push_back(
            {r.id, "question_set_version: " + std::to_string(r.question_set_version) +
                       " was never published for unit " + r.unit_id});
        continue;
      }
      if (!known.count({r.question_set_version, r.question_id})) {
        reply.rejected.push_back({r.id, "question_id: \"" + r.question_id +
                                            "\" is not in question set version " +
                                            std::to_string(r.question_set_version) + " of unit " +
                                            r.unit_id});
        continue;
      }
    }
    if (r.comment) {
      CleanComment clean = clean_comment(*r.comment);
      if (!clean.ok()) {
        reply.rejected.push_back({r.id, "comment: " + clean.error});
        continue;
      }
      r.comment = std::move(clean.text);
    }
    r.flags &= ~static_cast<std::uint32_t>(kFlagClockSkew);  // HQ's bit: never taken from a device
    const bool future_on_device_clock = r.answered_at_ms > batch.sent_at_ms + kFutureToleranceMs;
    const bool future_on_hq_clock = r.answered_at_ms > now_ms + kFutureToleranceMs;
    if (future_on_device_clock || future_on_hq_clock) r.flags |= kFlagClockSkew;
    rows.push_back(std::move(r));
  }

  IngestOutcome outcome = store.ingest(rows, IngestContext{device.id, now_ms, skew_ms});
  reply.accepted = std::move(outcome.accepted);
  reply.duplicate = std::move(outcome.duplicate);
  for (auto& c : outcome.conflicts) reply.rejected.push_back(std::move(c));
  reply.server_time_ms = now_ms;
  return reply;
}

}  // namespace hymy::hq
