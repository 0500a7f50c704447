// decode_batch: HQ's reader of a tablet's upload. The usual batch is read in one pass straight
// into rows (JsonReader, or nlohmann's SAX parser for JSON it leaves alone, feeding BatchReader;
// no JSON document). Anything unusual about the message (not valid JSON, a missing or odd
// envelope key, a repeated key, a nested value where a row field should be, a row that is not an
// object, too many rows) is read again through a whole document, which names the problem. Both
// paths apply the same row rules (read_row), so a reply never depends on which path read it.
#include <algorithm>
#include <array>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "hymy/json_bounded.hpp"
#include "protocol/json_reader.hpp"
#include "protocol/protocol.hpp"
#include "protocol/protocol_detail.hpp"

namespace hymy::protocol {
namespace {

using detail::integer_member;
using detail::kMaxOffsetMin;
using detail::member;
using detail::parse;
using nlohmann::json;

constexpr std::int64_t kAnyMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kAnyMax = std::numeric_limits<std::int64_t>::max();

// The row keys decode_batch reads; any other key is ignored.
enum Key : std::size_t {
  kId,
  kVisitId,
  kQuestionId,
  kQuestionSetVersion,
  kRating,
  kComment,
  kLanguage,
  kAnsweredAtMs,
  kUtcOffsetMin,
  kFlags,
  kChannel,
  kKeyCount,
};
constexpr std::array<std::string_view, kKeyCount> kKeyNames = {
    "id",      "visit_id", "question_id",    "question_set_version", "rating",
    "comment", "language", "answered_at_ms", "utc_offset_min",       "flags",
    "channel",
};

Key key_of(std::string_view name) {
  for (std::size_t k = 0; k < kKeyCount; ++k) {
    if (kKeyNames[k] == name) return static_cast<Key>(k);
  }
  return kKeyCount;
}

// One row field's value as found in the JSON text. Arrays and objects (only the document path
// meets them) keep just their rendering for a reason.
struct Field {
  enum class Kind {
    absent,
    null,
    boolean,
    signed_integer,
    unsigned_integer,
    floating,
    string,
    nested
  };
  Kind kind = Kind::absent;
  bool boolean = false;
  std::int64_t signed_integer = 0;
  std::uint64_t unsigned_integer = 0;
  double floating = 0;
  std::string text;  // the string, or a nested value as shown
};
using RowFields = std::array<Field, kKeyCount>;

// The value as detail::shown renders the same JSON value.
std::string shown(const Field& f) {
  switch (f.kind) {
    case Field::Kind::boolean:
      return detail::shown(json(f.boolean));
    case Field::Kind::signed_integer:
      return detail::shown(json(f.signed_integer));
    case Field::Kind::unsigned_integer:
      return detail::shown(json(f.unsigned_integer));
    case Field::Kind::floating:
      return detail::shown(json(f.floating));
    case Field::Kind::string:
      return detail::shown(json(f.text));
    case Field::Kind::nested:
      return f.text;
    case Field::Kind::absent:
    case Field::Kind::null:
      break;
  }
  return detail::shown(json(nullptr));
}

Field field_of(const json& v) {
  Field f;
  switch (v.type()) {
    case json::value_t::null:
      f.kind = Field::Kind::null;
      break;
    case json::value_t::boolean:
      f.kind = Field::Kind::boolean;
      f.boolean = v.get<bool>();
      break;
    case json::value_t::number_integer:
      f.kind = Field::Kind::signed_integer;
      f.signed_integer = v.get<std::int64_t>();
      break;
    case json::value_t::number_unsigned:
      f.kind = Field::Kind::unsigned_integer;
      f.unsigned_integer = v.get<std::uint64_t>();
      break;
    case json::value_t::number_float:
      f.kind = Field::Kind::floating;
      f.floating = v.get<double>();
      break;
    case json::value_t::string:
      f.kind = Field::Kind::string;
      f.text = v.get<std::string>();
      break;
    default:
      f.kind = Field::Kind::nested;
      f.text = detail::shown(v);
      break;
  }
  return f;
}

// --- reading typed fields out of one row; each returns a reason or "" ---

std::string need_string(Field& f, Key key, std::string& out) {
  const std::string_view name = kKeyNames[key];
  if (f.kind == Field::Kind::absent) return std::string(name) + ": missing";
  if (f.kind != Field::Kind::string)
    return std::string(name) + ": expected a string, found " + shown(f);
  out = std::move(f.text);
  return "";
}

std::string need_integer(const Field& f, Key key, std::int64_t min, std::int64_t max,
                         std::int64_t& out) {
  const std::string_view name = kKeyNames[key];
  if (f.kind == Field::Kind::absent) return std::string(name) + ": missing";
  const auto expected = [&] {
    const bool bounded = min != kAnyMin || max != kAnyMax;
    return std::string(name) + ": expected an integer" +
           (bounded ? " " + std::to_string(min) + ".." + std::to_string(max) : "") + ", found " +
           shown(f);
  };
  std::int64_t v = 0;
  if (f.kind == Field::Kind::unsigned_integer) {
    if (f.unsigned_integer > static_cast<std::uint64_t>(kAnyMax)) return expected();
    v = static_cast<std::int64_t>(f.unsigned_integer);
  } else if (f.kind == Field::Kind::signed_integer) {
    v = f.signed_integer;
  } else {
    return expected();
  }
  if (v < min || v > max) return expected();
  out = v;
  return "";
}

// Fills `r` from one row's fields (moving its strings out); returns the first problem found.
std::string read_row(RowFields& row, Response& r) {
  std::string why;
  std::int64_t n = 0;
  if (!(why = need_string(row[kId], kId, r.id)).empty()) return why;
  if (!(why = need_string(row[kVisitId], kVisitId, r.visit_id)).empty()) return why;
  if (!(why = need_string(row[kQuestionId], kQuestionId, r.question_id)).empty()) return why;
  if (!(why = need_integer(row[kQuestionSetVersion], kQuestionSetVersion, 0, kAnyMax, n)).empty())
    return why;
  r.question_set_version = n;
  if (!(why = need_integer(row[kRating], kRating, kMinRating, kMaxRating, n)).empty()) return why;
  r.rating = static_cast<int>(n);
  if (Field& c = row[kComment]; c.kind != Field::Kind::absent && c.kind != Field::Kind::null) {
    if (c.kind != Field::Kind::string)
      return "comment: expected a string or null, found " + shown(c);
    r.comment = std::move(c.text);
  }
  if (!(why = need_string(row[kLanguage], kLanguage, r.language)).empty()) return why;
  if (!(why = need_integer(row[kAnsweredAtMs], kAnsweredAtMs, kAnyMin, kAnyMax, r.answered_at_ms))
           .empty())
    return why;
  if (!(why = need_integer(row[kUtcOffsetMin], kUtcOffsetMin, -kMaxOffsetMin, kMaxOffsetMin, n))
           .empty())
    return why;
  r.utc_offset_min = static_cast<int>(n);
  if (!(why = need_integer(row[kFlags], kFlags, 0, std::numeric_limits<std::uint32_t>::max(), n))
           .empty())
    return why;
  r.flags = static_cast<std::uint32_t>(n);
  std::string channel;
  if (!(why = need_string(row[kChannel], kChannel, channel)).empty()) return why;
  const auto c = channel_from_string(channel);
  if (!c) return "channel: expected \"kiosk\" or \"staff\", found " + detail::shown(channel);
  r.channel = *c;
  return check_response(r);
}

// Reads one object row into `out` as valid or rejected; `index` is its place in the array.
void add_row(RowFields& row, std::size_t index, DecodedBatch& out) {
  Response r;
  std::string why = read_row(row, r);
  if (why.empty()) {
    out.valid.push_back(std::move(r));
    return;
  }
  // The reply names a bad row by its id; a row without a readable id can only be named by its
  // position, which the reason then carries. A string id was moved into r.id first thing.
  std::string id = row[kId].kind == Field::Kind::string ? std::move(r.id) : std::string();
  if (id.empty()) why = "responses[" + std::to_string(index) + "]." + why;
  out.rejected.push_back({std::move(id), std::move(why)});
}

// The one-pass reader. Any event it does not expect of a usual batch makes it give up (return
// false), and decode_batch reads the message again as a document.
class BatchReader {
 public:
  explicit BatchReader(DecodedBatch& out) : out_(out) {}

  bool complete() const { return have_sent_at_ && have_responses_ && depth_ == 0; }

  // --- nlohmann::json_sax interface ---
  bool null() {
    return scalar([](Field& f) { f.kind = Field::Kind::null; });
  }
  bool boolean(bool v) {
    return scalar([v](Field& f) {
      f.kind = Field::Kind::boolean;
      f.boolean = v;
    });
  }
  bool number_integer(std::int64_t v) {
    if (in_envelope_value(kSentAt)) return sent_at(v);
    return scalar([v](Field& f) {
      f.kind = Field::Kind::signed_integer;
      f.signed_integer = v;
    });
  }
  bool number_unsigned(std::uint64_t v) {
    if (in_envelope_value(kSentAt)) {
      if (v > static_cast<std::uint64_t>(kAnyMax)) return false;
      return sent_at(static_cast<std::int64_t>(v));
    }
    return scalar([v](Field& f) {
      f.kind = Field::Kind::unsigned_integer;
      f.unsigned_integer = v;
    });
  }
  bool number_float(double v, const std::string&) {
    return scalar([v](Field& f) {
      f.kind = Field::Kind::floating;
      f.floating = v;
    });
  }
  bool string(std::string& v) {
    return scalar([&v](Field& f) {
      f.kind = Field::Kind::string;
      f.text = std::move(v);
    });
  }
  bool binary(json::binary_t&) { return false; }
  bool key(std::string& name) {
    if (skip_ > 0) return true;
    if (depth_ == kEnvelope) {
      envelope_key_ = name == "sent_at_ms" ? kSentAt : name == "responses" ? kResponses : kOther;
    } else if (depth_ == kRow) {
      row_key_ = key_of(name);
    }
    return true;
  }
  bool start_object(std::size_t) {
    if (skip_ > 0 || skips_nested()) return ++skip_, true;
    if (depth_ == 0 || depth_ == kRows) {
      if (depth_ == kRows) {
        if (rows_ == kMaxBatchRows) return false;  // the document path says how many
        for (Field& f : row_) f.kind = Field::Kind::absent;
      }
      ++depth_;
      return true;
    }
    return false;
  }
  bool end_object() {
    if (skip_ > 0) return --skip_, true;
    if (depth_ == kRow) add_row(row_, rows_++, out_);
    --depth_;
    return true;
  }
  bool start_array(std::size_t) {
    if (skip_ > 0 || skips_nested()) return ++skip_, true;
    if (!in_envelope_value(kResponses) || have_responses_) return false;
    have_responses_ = true;
    ++depth_;
    return true;
  }
  bool end_array() {
    if (skip_ > 0) return --skip_, true;
    --depth_;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return false;
  }

 private:
  // depth_: 0 outside the message, 1 in its object, 2 in the responses array, 3 in a row.
  static constexpr int kEnvelope = 1, kRows = 2, kRow = 3;
  enum EnvelopeKey { kSentAt, kResponses, kOther };

  bool in_envelope_value(EnvelopeKey k) const {
    return skip_ == 0 && depth_ == kEnvelope && envelope_key_ == k;
  }
  // A nested value under a key nobody reads is passed over; under a row field it is unusual.
  bool skips_nested() const {
    return (depth_ == kEnvelope && envelope_key_ == kOther) ||
           (depth_ == kRow && row_key_ == kKeyCount);
  }
  bool sent_at(std::int64_t v) {
    if (have_sent_at_) return false;
    have_sent_at_ = true;
    out_.sent_at_ms = v;
    return true;
  }
  template <typename Set>
  bool scalar(Set set) {
    if (skip_ > 0) return true;
    if (depth_ == kRow) {
      if (row_key_ != kKeyCount) set(row_[row_key_]);
      return true;
    }
    return depth_ == kEnvelope && envelope_key_ == kOther;
  }

  DecodedBatch& out_;
  int depth_ = 0;
  int skip_ = 0;  // depth inside a nested value being passed over
  EnvelopeKey envelope_key_ = kOther;
  Key row_key_ = kKeyCount;
  RowFields row_;
  std::size_t rows_ = 0;
  bool have_sent_at_ = false;
  bool have_responses_ = false;
};

}  // namespace

DecodedBatch decode_batch_document(std::string_view text) {
  const json j = parse(text, "batch");
  DecodedBatch out;
  out.sent_at_ms = integer_member(j, "sent_at_ms", "batch");
  const json& rows = member(j, "responses", "batch");
  if (!rows.is_array())
    throw ProtocolError("batch.responses: expected an array, found " + detail::shown(rows));
  if (rows.size() > kMaxBatchRows) {
    throw ProtocolError("batch.responses: expected at most " + std::to_string(kMaxBatchRows) +
                        " rows, found " + std::to_string(rows.size()));
  }
  out.valid.reserve(rows.size());
  RowFields fields;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!rows[i].is_object()) {
      out.rejected.push_back({"", "responses[" + std::to_string(i) +
                                      "].row: expected an object, found " +
                                      detail::shown(rows[i])});
      continue;
    }
    for (std::size_t k = 0; k < kKeyCount; ++k) {
      const auto it = rows[i].find(kKeyNames[k]);
      fields[k] = it == rows[i].end() ? Field{} : field_of(*it);
    }
    add_row(fields, i, out);
  }
  return out;
}

DecodedBatch decode_batch(std::string_view text) {
  // First the reader of the JSON our encoder writes, then nlohmann's (numbers with a fraction,
  // a byte order mark, ...), each straight into rows; then the document, which names problems.
  {
    DecodedBatch out;
    // About 300 bytes a row in the usual encoding.
    out.valid.reserve(std::min(kMaxBatchRows, text.size() / 256 + 1));
    BatchReader reader(out);
    JsonReader json_reader(text, reader);
    if (json_reader.read() && reader.complete()) return out;
    if (json_reader.too_deep()) throw ProtocolError("batch: " + std::string(JsonTooDeep().what()));
  }
  // nlohmann's SAX parser does not recurse, but it would pass deep nesting under a key nobody
  // reads, which the other paths refuse: the same batch must get the same answer on every path.
  if (json_nesting_exceeds(text)) throw ProtocolError("batch: " + std::string(JsonTooDeep().what()));
  {
    DecodedBatch out;
    BatchReader reader(out);
    if (json::sax_parse(text.begin(), text.end(), &reader) && reader.complete()) return out;
  }
  return decode_batch_document(text);
}

}  // namespace hymy::protocol
