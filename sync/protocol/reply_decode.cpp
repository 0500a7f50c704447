// decode_reply: the daemon's reader of HQ's answer to a batch, hundreds of ids. The usual reply
// is read in one pass (JsonReader feeding ReplyReader, no JSON document); anything unusual
// (invalid JSON, a missing, repeated or odd key, an entry without its id or reason) is read
// again as a document (decode_reply_document), which names the problem.
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "hymy/json_bounded.hpp"
#include "protocol/json_reader.hpp"
#include "protocol/protocol.hpp"

namespace hymy::protocol {
namespace {

class ReplyReader {
 public:
  explicit ReplyReader(BatchReply& out) : out_(out) {}

  bool complete() const { return seen_ == kEverySection && depth_ == 0; }

  // --- the SAX events JsonReader gives ---
  bool null() { return ignored_scalar(); }
  bool boolean(bool) { return ignored_scalar(); }
  bool number_integer(std::int64_t v) {
    return at_value(kServerTime) ? server_time(v) : ignored_scalar();
  }
  bool number_unsigned(std::uint64_t v) {
    if (!at_value(kServerTime)) return ignored_scalar();
    if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return false;
    return server_time(static_cast<std::int64_t>(v));
  }
  bool string(std::string& v) {
    if (skip_ > 0) return true;
    if (depth_ == kList && list_ != nullptr) {
      list_->push_back(std::move(v));
      return true;
    }
    if (depth_ == kEntry && entry_key_ != kOtherEntryKey) {
      std::string& field = entry_key_ == kId ? entry_.id : entry_.reason;
      const unsigned bit = entry_key_ == kId ? 1u : 2u;
      if ((entry_seen_ & bit) != 0) return false;  // repeated: the document path decides
      entry_seen_ |= bit;
      field = std::move(v);
      return true;
    }
    return ignored_scalar();
  }
  bool key(std::string& name) {
    if (skip_ > 0) return true;
    if (depth_ == kTop) {
      section_ = name == "accepted"         ? kAccepted
                 : name == "duplicate"      ? kDuplicate
                 : name == "rejected"       ? kRejected
                 : name == "server_time_ms" ? kServerTime
                                            : kOtherSection;
    } else if (depth_ == kEntry) {
      entry_key_ = name == "id" ? kId : name == "reason" ? kReason : kOtherEntryKey;
    }
    return true;
  }
  bool start_object(std::size_t) {
    if (skip_ > 0 || skips_nested()) return ++skip_, true;
    if (depth_ == 0) {
      depth_ = kTop;
      return true;
    }
    if (depth_ == kList && list_ == nullptr) {  // an entry of "rejected"
      entry_ = {};
      entry_seen_ = 0;
      depth_ = kEntry;
      return true;
    }
    return false;
  }
  bool end_object() {
    if (skip_ > 0) return --skip_, true;
    if (depth_ == kEntry) {
      if (entry_seen_ != 3u) return false;
      out_.rejected.push_back(std::move(entry_));
      depth_ = kList;
      return true;
    }
    depth_ = 0;
    return true;
  }
  bool start_array(std::size_t) {
    if (skip_ > 0 || skips_nested()) return ++skip_, true;
    if (depth_ != kTop || section_ == kServerTime || !first_time(section_)) return false;
    list_ = section_ == kAccepted    ? &out_.accepted
            : section_ == kDuplicate ? &out_.duplicate
                                     : nullptr;
    depth_ = kList;
    return true;
  }
  bool end_array() {
    if (skip_ > 0) return --skip_, true;
    depth_ = kTop;
    return true;
  }

 private:
  // depth_: 0 outside, 1 in the reply object, 2 in one of its arrays, 3 in a "rejected" entry.
  static constexpr int kTop = 1, kList = 2, kEntry = 3;
  enum Section : unsigned { kAccepted, kDuplicate, kRejected, kServerTime, kOtherSection };
  static constexpr unsigned kEverySection = 0xF;
  enum EntryKey { kId, kReason, kOtherEntryKey };

  bool at_value(Section s) const { return skip_ == 0 && depth_ == kTop && section_ == s; }
  bool first_time(Section s) {
    const unsigned bit = 1u << s;
    if ((seen_ & bit) != 0) return false;
    seen_ |= bit;
    return true;
  }
  // A value nobody reads is passed over; anywhere else a scalar is unusual.
  bool ignored_scalar() const {
    return skip_ > 0 || (depth_ == kTop && section_ == kOtherSection) ||
           (depth_ == kEntry && entry_key_ == kOtherEntryKey);
  }
  bool skips_nested() const {
    return (depth_ == kTop && section_ == kOtherSection) ||
           (depth_ == kEntry && entry_key_ == kOtherEntryKey);
  }
  bool server_time(std::int64_t v) {
    if (!first_time(kServerTime)) return false;
    out_.server_time_ms = v;
    return true;
  }

  BatchReply& out_;
  int depth_ = 0;
  int skip_ = 0;  // depth inside a nested value being passed over
  Section section_ = kOtherSection;
  std::vector<std::string>* list_ = nullptr;  // accepted or duplicate; null in "rejected"
  EntryKey entry_key_ = kOtherEntryKey;
  RejectedRow entry_;
  unsigned entry_seen_ = 0;  // 1: id, 2: reason
  unsigned seen_ = 0;        // a bit per Section
};

}  // namespace

BatchReply decode_reply(std::string_view text) {
  {
    BatchReply out;
    ReplyReader reader(out);
    JsonReader json_reader(text, reader);
    if (json_reader.read() && reader.complete()) return out;
    if (json_reader.too_deep()) throw ProtocolError("reply: " + std::string(JsonTooDeep().what()));
  }
  return decode_reply_document(text);
}

}  // namespace hymy::protocol
