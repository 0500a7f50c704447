// Fuzz target: HQ's batch decoder, the first thing that reads a tablet's upload. Any body is a
// decoded batch or a ProtocolError; every row it accepts passes the same row rules the daemon
// applies, and re-encoding the accepted rows decodes to the same rows with none rejected.
#include "fuzz_targets.hpp"
#include "protocol/protocol.hpp"

namespace hymy::fuzz {

int batch_entry(const std::uint8_t* data, std::size_t size) {
  protocol::DecodedBatch decoded;
  try {
    decoded = protocol::decode_batch(as_text(data, size));
  } catch (const protocol::ProtocolError&) {
    return 0;
  }
  check(decoded.valid.size() + decoded.rejected.size() <= protocol::kMaxBatchRows,
        "at most kMaxBatchRows rows");
  for (const auto& r : decoded.valid) {
    check(protocol::check_response(r).empty(), "accepted rows pass check_response",
          protocol::check_response(r));
  }
  for (const auto& rej : decoded.rejected) check(!rej.reason.empty(), "rejections say why");

  protocol::Batch batch;
  batch.sent_at_ms = decoded.sent_at_ms;
  batch.responses = decoded.valid;
  const std::string again = protocol::encode_batch(batch);
  const protocol::DecodedBatch round = protocol::decode_batch(again);
  check(round.rejected.empty(), "re-encoded rows are all accepted", again);
  check(round.valid == decoded.valid && round.sent_at_ms == decoded.sent_at_ms,
        "encode then decode keeps the rows", again);
  return 0;
}

}  // namespace hymy::fuzz
