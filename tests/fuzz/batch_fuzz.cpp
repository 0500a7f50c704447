// Fuzz target: HQ's batch decoder, the first thing that reads a tablet's upload. Any body is a
// decoded batch or a ProtocolError; the one-pass decoder and the document decoder it stands in for
// agree on every body (the same rows, rejections and error text); every row it accepts passes the
// same row rules the daemon applies, and re-encoding the accepted rows decodes to the same rows
// with none rejected.
#include <optional>
#include <string>

#include "fuzz_targets.hpp"
#include "protocol/protocol.hpp"

namespace hymy::fuzz {
namespace {

// A decoder's verdict on a body: the batch, or the error it gave.
struct Verdict {
  std::optional<protocol::DecodedBatch> batch;
  std::string error;
};

template <typename Decode>
Verdict verdict(Decode decode, std::string_view body) {
  try {
    return {decode(body), ""};
  } catch (const protocol::ProtocolError& e) {
    return {std::nullopt, e.what()};
  }
}

bool same_rejections(const protocol::DecodedBatch& a, const protocol::DecodedBatch& b) {
  if (a.rejected.size() != b.rejected.size()) return false;
  for (std::size_t i = 0; i < a.rejected.size(); ++i)
    if (a.rejected[i].id != b.rejected[i].id || a.rejected[i].reason != b.rejected[i].reason) return false;
  return true;
}

}  // namespace

int batch_entry(const std::uint8_t* data, std::size_t size) {
  const std::string_view body = as_text(data, size);
  // Depth: the body nested deeper than allowed, as a whole and inside a row field.
  for (const std::string& deep : {nested_around(body, "[", "]"),
                                  R"({"sent_at_ms":1,"responses":[{"id":)" + nested_around(body, "{\"k\":", "}") + "}]}"}) {
    const Verdict v = verdict(protocol::decode_batch, deep);
    check(!v.batch && names_the_depth(v.error), "a batch nested too deep is refused naming the depth", v.error);
  }
  const Verdict fast = verdict(protocol::decode_batch, body);
  const Verdict document = verdict(protocol::decode_batch_document, body);
  check(fast.error == document.error, "both decoders give the same error", fast.error + " | " + document.error);
  if (!fast.batch || !document.batch) {
    check(!fast.batch && !document.batch, "both decoders refuse the same bodies");
    return 0;
  }
  check(fast.batch->valid == document.batch->valid && fast.batch->sent_at_ms == document.batch->sent_at_ms &&
            same_rejections(*fast.batch, *document.batch),
        "both decoders read the same rows");
  const protocol::DecodedBatch& decoded = *fast.batch;
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
