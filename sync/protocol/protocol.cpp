// The sync protocol's JSON and gzip encodings (see sync/PROTOCOL.md). Both ends link this file, so
// a rule written here holds on the tablet and at HQ alike.
#include "protocol/protocol.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <limits>
#include <nlohmann/json.hpp>

#include "hymy/comment.hpp"
#include "hymy/json_bounded.hpp"
#include "hymy/uuid.hpp"
#include "protocol/protocol_detail.hpp"

namespace hymy::protocol {
namespace detail {

using nlohmann::json;

constexpr std::size_t kMaxIdBytesInReason = 40;

std::string shown(const json& v) {
  std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.size() > kMaxIdBytesInReason) s = s.substr(0, kMaxIdBytesInReason) + "...";
  return s;
}

std::string shown(const std::string& v) { return shown(json(v)); }

json parse(std::string_view text, const char* what) {
  // Refused before anything is parsed: shown() below and every copy would recurse per level.
  if (json_nesting_exceeds(text)) throw ProtocolError(std::string(what) + ": " + std::string(JsonTooDeep().what()));
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) throw ProtocolError(std::string(what) + ": not valid JSON");
  if (!j.is_object()) throw ProtocolError(std::string(what) + ": expected a JSON object, found " + shown(j));
  return j;
}

const json& member(const json& obj, const std::string& key, const std::string& where) {
  if (!obj.is_object()) throw ProtocolError(where + ": expected an object, found " + shown(obj));
  const auto it = obj.find(key);
  if (it == obj.end()) throw ProtocolError(where + "." + key + ": missing");
  return *it;
}

std::int64_t integer_member(const json& obj, const std::string& key, const std::string& where) {
  const json& v = member(obj, key, where);
  if (v.is_number_integer() && !v.is_number_unsigned()) return v.get<std::int64_t>();
  if (v.is_number_unsigned() && v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return static_cast<std::int64_t>(v.get<std::uint64_t>());
  }
  throw ProtocolError(where + "." + key + ": expected an integer, found " + shown(v));
}

}  // namespace detail

namespace {

using detail::integer_member;
using detail::kMaxOffsetMin;
using detail::member;
using detail::parse;
using detail::shown;
using nlohmann::json;

// Encoding keeps key order: rows whose fields come in one fixed order, the per-row values first
// and the fields that barely change last, give gzip one long repeated run per row.
using ordered = nlohmann::ordered_json;

// Answers before 2000 or after 9999 are a broken clock or a broken encoder, not data.
constexpr std::int64_t kMinTimeMs = 946684800000;     // 2000-01-01T00:00:00Z
constexpr std::int64_t kMaxTimeMs = 253402300799999;  // 9999-12-31T23:59:59.999Z
constexpr std::size_t kMaxQuestionIdBytes = 64;

bool is_language_code(const std::string& s) {
  if (s.size() < 2 || s.size() > 3) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

bool is_question_id(const std::string& s) {
  if (s.empty() || s.size() > kMaxQuestionIdBytes) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.';
  });
}

std::string check_comment(const std::string& c) {
  if (!is_valid_utf8(c)) return "comment: expected valid UTF-8, found invalid bytes";
  const std::size_t n = utf8_length(c);
  if (n > kMaxCommentChars) {
    return "comment: expected at most " + std::to_string(kMaxCommentChars) +
           " characters, found " + std::to_string(n);
  }
  return "";
}

ordered summary_json(const Summary& s) {
  ordered j;
  j["count"] = s.count;
  j["distribution"] = s.distribution;
  j["mean"] = s.mean ? ordered(*s.mean) : ordered(nullptr);
  j["share_positive"] = s.share_positive ? ordered(*s.share_positive) : ordered(nullptr);
  j["hourly"] = s.hourly;
  j["flagged"] = s.flagged;
  j["staff_recorded"] = s.staff_recorded;
  j["skipped"] = s.skipped;
  return j;
}

// --- strict readers for whole messages: any problem is a ProtocolError naming the key ---

std::optional<double> optional_number(const json& obj, const std::string& key, const std::string& where) {
  const json& v = member(obj, key, where);
  if (v.is_null()) return std::nullopt;
  if (!v.is_number()) throw ProtocolError(where + "." + key + ": expected a number or null, found " + shown(v));
  return v.get<double>();
}

template <std::size_t N>
std::array<std::int64_t, N> counts_member(const json& obj, const std::string& key, const std::string& where) {
  const json& v = member(obj, key, where);
  if (!v.is_array() || v.size() != N) {
    throw ProtocolError(where + "." + key + ": expected an array of " + std::to_string(N) +
                        " integers, found " + shown(v));
  }
  std::array<std::int64_t, N> out{};
  for (std::size_t i = 0; i < N; ++i) {
    if (!v[i].is_number_integer()) {
      throw ProtocolError(where + "." + key + "[" + std::to_string(i) + "]: expected an integer, found " + shown(v[i]));
    }
    out[i] = v[i].get<std::int64_t>();
  }
  return out;
}

Summary read_summary(const json& j, const std::string& where) {
  Summary s;
  s.count = integer_member(j, "count", where);
  s.distribution = counts_member<4>(j, "distribution", where);
  s.mean = optional_number(j, "mean", where);
  s.share_positive = optional_number(j, "share_positive", where);
  s.hourly = counts_member<24>(j, "hourly", where);
  s.flagged = integer_member(j, "flagged", where);
  s.staff_recorded = integer_member(j, "staff_recorded", where);
  s.skipped = j.contains("skipped") ? integer_member(j, "skipped", where) : 0;
  return s;
}

std::string dump(const ordered& j) {
  try {
    return j.dump();
  } catch (const ordered::type_error& e) {
    throw ProtocolError(std::string("cannot encode: ") + e.what());
  }
}

// A string JSON carries as it is: printable ASCII without quote or backslash.
bool is_plain_json_text(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
}

void append_string_array(std::string& out, const std::vector<std::string>& items) {
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    if (is_plain_json_text(items[i])) {
      out += '"';
      out += items[i];
      out += '"';
    } else {
      out += dump(ordered(items[i]));
    }
  }
  out += ']';
}

std::vector<std::string> id_list(const json& reply, const char* key) {
  const json& v = member(reply, key, "reply");
  if (!v.is_array()) throw ProtocolError(std::string("reply.") + key + ": expected an array, found " + shown(v));
  std::vector<std::string> out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string()) {
      throw ProtocolError(std::string("reply.") + key + "[" + std::to_string(i) + "]: expected an id string, found " + shown(v[i]));
    }
    out.push_back(v[i].get<std::string>());
  }
  return out;
}

}  // namespace

std::string check_response(const Response& r) {
  if (!is_uuid(r.id)) return "id: expected a lower-case UUID, found " + shown(r.id);
  if (!is_uuid(r.visit_id)) return "visit_id: expected a lower-case UUID, found " + shown(r.visit_id);
  if (!is_question_id(r.question_id)) {
    return "question_id: expected 1..64 letters, digits, '-', '_' or '.', found " + shown(r.question_id);
  }
  if (r.question_set_version < 0) {
    return "question_set_version: expected 0 or more, found " + std::to_string(r.question_set_version);
  }
  if (r.rating < kMinRating || r.rating > kMaxRating) {
    return "rating: expected an integer 1..4, found " + std::to_string(r.rating);
  }
  if (r.comment) {
    if (std::string why = check_comment(*r.comment); !why.empty()) return why;
  }
  if (!is_language_code(r.language)) {
    return "language: expected a 2-3 letter lower-case code, found " + shown(r.language);
  }
  if (r.answered_at_ms < kMinTimeMs || r.answered_at_ms > kMaxTimeMs) {
    return "answered_at_ms: expected a time in years 2000..9999, found " + std::to_string(r.answered_at_ms);
  }
  if (r.utc_offset_min < -kMaxOffsetMin || r.utc_offset_min > kMaxOffsetMin) {
    return "utc_offset_min: expected an integer -1080..1080, found " + std::to_string(r.utc_offset_min);
  }
  return "";
}

std::string encode_batch(const Batch& batch) {
  ordered rows = ordered::array();
  for (const Response& r : batch.responses) {
    ordered row;
    row["id"] = r.id;
    row["visit_id"] = r.visit_id;
    row["answered_at_ms"] = r.answered_at_ms;
    row["rating"] = r.rating;
    if (r.comment) row["comment"] = *r.comment;
    row["question_id"] = r.question_id;
    row["question_set_version"] = r.question_set_version;
    row["language"] = r.language;
    row["utc_offset_min"] = r.utc_offset_min;
    row["flags"] = r.flags;
    row["channel"] = to_string(r.channel);
    rows.push_back(std::move(row));
  }
  ordered j;
  j["sent_at_ms"] = batch.sent_at_ms;
  j["responses"] = std::move(rows);
  return dump(j);
}

std::string encode_reply(const BatchReply& reply) {
  // The id lists, hundreds of UUIDs, are written straight; the same text nlohmann would write.
  std::string out = "{\"accepted\":";
  append_string_array(out, reply.accepted);
  out += ",\"duplicate\":";
  append_string_array(out, reply.duplicate);
  out += ",\"rejected\":[";
  for (std::size_t i = 0; i < reply.rejected.size(); ++i) {
    if (i > 0) out += ',';
    out += dump(ordered{{"id", reply.rejected[i].id}, {"reason", reply.rejected[i].reason}});
  }
  out += "],\"server_time_ms\":" + std::to_string(reply.server_time_ms) + "}";
  return out;
}

BatchReply decode_reply_document(std::string_view text) {
  const json j = parse(text, "reply");
  BatchReply out;
  out.accepted = id_list(j, "accepted");
  out.duplicate = id_list(j, "duplicate");
  const json& rejected = member(j, "rejected", "reply");
  if (!rejected.is_array()) throw ProtocolError("reply.rejected: expected an array, found " + shown(rejected));
  for (std::size_t i = 0; i < rejected.size(); ++i) {
    const std::string where = "reply.rejected[" + std::to_string(i) + "]";
    const json& id = member(rejected[i], "id", where);
    const json& reason = member(rejected[i], "reason", where);
    if (!id.is_string()) throw ProtocolError(where + ".id: expected a string, found " + shown(id));
    if (!reason.is_string()) throw ProtocolError(where + ".reason: expected a string, found " + shown(reason));
    out.rejected.push_back({id.get<std::string>(), reason.get<std::string>()});
  }
  out.server_time_ms = integer_member(j, "server_time_ms", "reply");
  return out;
}

std::string encode_figures(const std::string& unit_id, const Figures& figures,
                           std::int64_t computed_at_ms) {
  ordered j;
  j["unit"] = unit_id;
  j["date"] = figures.first_day.iso();
  j["computed_at_ms"] = computed_at_ms;
  j["current"] = summary_json(figures.current);
  j["previous"] = summary_json(figures.previous);
  j["same_weekday_last_week"] =
      figures.same_weekday_last_week ? summary_json(*figures.same_weekday_last_week) : ordered(nullptr);
  return dump(j);
}

UnitFigures decode_figures(std::string_view text) {
  const json j = parse(text, "figures");
  UnitFigures out;
  const json& unit = member(j, "unit", "figures");
  if (!unit.is_string()) throw ProtocolError("figures.unit: expected a string, found " + shown(unit));
  out.unit_id = unit.get<std::string>();
  const json& date = member(j, "date", "figures");
  const auto parsed = date.is_string() ? LocalDate::parse(date.get<std::string>()) : std::nullopt;
  if (!parsed) throw ProtocolError("figures.date: expected YYYY-MM-DD, found " + shown(date));
  out.date = *parsed;
  out.computed_at_ms = integer_member(j, "computed_at_ms", "figures");
  out.current = read_summary(member(j, "current", "figures"), "figures.current");
  out.previous = read_summary(member(j, "previous", "figures"), "figures.previous");
  const json& week = member(j, "same_weekday_last_week", "figures");
  if (!week.is_null()) out.same_weekday_last_week = read_summary(week, "figures.same_weekday_last_week");
  return out;
}

std::string encode_daily_counts(const DailyCounts& counts) {
  ordered c = ordered::object();
  for (const auto& [date, n] : counts) c[date] = n;
  ordered j;
  j["counts"] = std::move(c);
  return dump(j);
}

DailyCounts decode_daily_counts(std::string_view text) {
  const json j = parse(text, "daily counts");
  const json& counts = member(j, "counts", "daily_counts");
  if (!counts.is_object()) {
    throw ProtocolError("daily_counts.counts: expected an object, found " + shown(counts));
  }
  DailyCounts out;
  for (const auto& [date, n] : counts.items()) {
    const auto parsed = LocalDate::parse(date);
    if (!parsed || !parsed->ok()) {
      throw ProtocolError("daily_counts.counts: expected YYYY-MM-DD keys, found " + shown(date));
    }
    if (!n.is_number_integer() || n.get<std::int64_t>() < 0) {
      throw ProtocolError("daily_counts.counts." + date + ": expected a count 0 or more, found " + shown(n));
    }
    out[date] = n.get<std::int64_t>();
  }
  return out;
}

std::string error_body(const std::string& message) {
  ordered j;
  j["error"] = message;
  return j.dump(-1, ' ', false, ordered::error_handler_t::replace);
}

std::string gzip(std::string_view data) {
  z_stream zs{};
  // 15 window bits + 16 = a gzip wrapper; level 9 because bytes on a tablet's link cost more
  // than the milliseconds of CPU.
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw ProtocolError("gzip: deflateInit2 failed");
  }
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 64);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  std::size_t in_left = data.size();
  std::size_t out_left = out.size();
  int rc = Z_OK;
  do {
    const auto in_chunk = static_cast<uInt>(std::min<std::size_t>(in_left, std::numeric_limits<uInt>::max()));
    const auto out_chunk = static_cast<uInt>(std::min<std::size_t>(out_left, std::numeric_limits<uInt>::max()));
    zs.avail_in = in_chunk;
    zs.avail_out = out_chunk;
    rc = deflate(&zs, in_left == in_chunk ? Z_FINISH : Z_NO_FLUSH);
    in_left -= in_chunk - zs.avail_in;
    out_left -= out_chunk - zs.avail_out;
  } while (rc == Z_OK && out_left > 0);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw ProtocolError("gzip: deflate failed");
  out.resize(out.size() - out_left);
  return out;
}

std::string gunzip(std::string_view data, std::size_t max_out) {
  if (data.empty()) throw ProtocolError("gzip: empty body");
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) throw ProtocolError("gzip: inflateInit2 failed");
  struct End {
    z_stream* zs;
    ~End() { inflateEnd(zs); }
  } end{&zs};
  std::string out;
  std::array<char, 64 * 1024> chunk{};
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  std::size_t in_left = data.size();
  for (;;) {
    const auto in_chunk = static_cast<uInt>(std::min<std::size_t>(in_left, std::numeric_limits<uInt>::max()));
    zs.avail_in = in_chunk;
    zs.next_out = reinterpret_cast<Bytef*>(chunk.data());
    zs.avail_out = static_cast<uInt>(chunk.size());
    const int rc = inflate(&zs, Z_NO_FLUSH);
    in_left -= in_chunk - zs.avail_in;
    const std::size_t produced = chunk.size() - zs.avail_out;
    if (out.size() + produced > max_out) {
      throw ProtocolError("gzip: body inflates to more than " + std::to_string(max_out) + " bytes");
    }
    out.append(chunk.data(), produced);
    if (rc == Z_STREAM_END) {
      if (in_left != 0) throw ProtocolError("gzip: unexpected bytes after the compressed stream");
      return out;
    }
    if (rc == Z_BUF_ERROR && in_left == 0) throw ProtocolError("gzip: truncated stream");
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      throw ProtocolError(std::string("gzip: malformed stream") + (zs.msg ? std::string(" (") + zs.msg + ")" : ""));
    }
    if (rc == Z_OK && produced == 0 && in_left == 0 && zs.avail_in == 0) {
      // Nothing left to read and nothing produced: the stream ends early.
      throw ProtocolError("gzip: truncated stream");
    }
  }
}

}  // namespace hymy::protocol
