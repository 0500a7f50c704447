// The sync protocol's messages (see sync/PROTOCOL.md) and their JSON and gzip encodings, shared by
// the tablet's daemon and HQ so both ends speak exactly the same format.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "hymy/figures.hpp"
#include "hymy/model.hpp"
#include "hymy/tablet_store.hpp"

namespace hymy::protocol {

constexpr std::size_t kMaxBodyBytes = 1 << 20;          // on the wire
constexpr std::size_t kMaxInflatedBytes = 8 << 20;      // after gunzip
constexpr std::size_t kMaxBatchRows = 1000;

// A whole message could not be read (as opposed to one bad row in a batch).
class ProtocolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Batch {
  std::int64_t sent_at_ms = 0;
  std::vector<Response> responses;  // device_id / unit_id are not sent: HQ takes them from the token
};

// One row of an incoming batch that failed validation.
using RejectedRow = RejectedResponse;

struct DecodedBatch {
  std::int64_t sent_at_ms = 0;
  std::vector<Response> valid;      // device_id and unit_id left empty for HQ to fill in
  std::vector<RejectedRow> rejected;
};

struct BatchReply {
  std::vector<std::string> accepted;
  std::vector<std::string> duplicate;
  std::vector<RejectedRow> rejected;
  std::int64_t server_time_ms = 0;
};

// The row rules of PROTOCOL.md on an in-memory response: "" if it may be sent, else a reason
// naming the field (e.g. "rating: expected an integer 1..4, found 7"). decode_batch applies the
// same rules, so the daemon can keep a row HQ would refuse from blocking its queue.
std::string check_response(const Response& r);

// Throws ProtocolError if a row cannot be encoded (e.g. a comment that is not valid UTF-8).
std::string encode_batch(const Batch& batch);
// Validates every row (id, rating, language, comment UTF-8 and length, times, flags, channel);
// a bad row goes to `rejected` with a reason naming the field. Throws ProtocolError when the
// message as a whole is unreadable or holds more than kMaxBatchRows rows.
DecodedBatch decode_batch(std::string_view json);
// The same through a whole JSON document: what decode_batch falls back to for any message it
// cannot read in one pass. Public so tests can check that both read every message alike.
DecodedBatch decode_batch_document(std::string_view json);

std::string encode_reply(const BatchReply& reply);
BatchReply decode_reply(std::string_view json);  // throws ProtocolError
// The same through a whole JSON document: what decode_reply falls back to for any reply it
// cannot read in one pass. Public so tests can check that both read every reply alike.
BatchReply decode_reply_document(std::string_view json);

std::string encode_figures(const std::string& unit_id, const Figures& figures,
                           std::int64_t computed_at_ms);
struct UnitFigures {
  std::string unit_id;
  LocalDate date;
  std::int64_t computed_at_ms = 0;
  Summary current;
  Summary previous;
  std::optional<Summary> same_weekday_last_week;
};
UnitFigures decode_figures(std::string_view json);  // throws ProtocolError

// GET /v1/daily-counts: how many responses HQ holds for the device per UTC day of
// answered_at_ms, {"counts": {"2026-11-21": 388}}. Keys are "YYYY-MM-DD"; counts are >= 0.
using DailyCounts = std::map<std::string, std::int64_t>;
std::string encode_daily_counts(const DailyCounts& counts);
DailyCounts decode_daily_counts(std::string_view json);  // throws ProtocolError

std::string error_body(const std::string& message);  // {"error": "..."}

// gzip (RFC 1952) with zlib. gunzip refuses output beyond `max_out` bytes (gzip bombs) and
// malformed input by throwing ProtocolError.
std::string gzip(std::string_view data);
std::string gunzip(std::string_view data, std::size_t max_out = kMaxInflatedBytes);

}  // namespace hymy::protocol
