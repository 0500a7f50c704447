// The duplicate-or-conflict rule of ingest, shared by the SQLite and PostgreSQL stores.
#include "store/response_difference.hpp"

namespace hymy::hq {

std::string first_difference(const Response& held, const Response& sent) {
  const std::uint32_t hq_bits = kFlagClockSkew;
  auto show = [](const std::optional<std::string>& c) { return c ? "\"" + *c + "\"" : "none"; };
  auto diff = [](const char* field, const std::string& a, const std::string& b) {
    return std::string(field) + " (HQ holds " + a + ", this batch sent " + b + ")";
  };
  if (held.device_id != sent.device_id) return "it was sent by another device";
  if (held.visit_id != sent.visit_id) return diff("visit_id", held.visit_id, sent.visit_id);
  if (held.question_id != sent.question_id)
    return diff("question_id", held.question_id, sent.question_id);
  if (held.question_set_version != sent.question_set_version)
    return diff("question_set_version", std::to_string(held.question_set_version),
                std::to_string(sent.question_set_version));
  if (held.rating != sent.rating)
    return diff("rating", std::to_string(held.rating), std::to_string(sent.rating));
  if (held.comment != sent.comment) return diff("comment", show(held.comment), show(sent.comment));
  if (held.language != sent.language) return diff("language", held.language, sent.language);
  if (held.answered_at_ms != sent.answered_at_ms)
    return diff("answered_at_ms", std::to_string(held.answered_at_ms),
                std::to_string(sent.answered_at_ms));
  if (held.utc_offset_min != sent.utc_offset_min)
    return diff("utc_offset_min", std::to_string(held.utc_offset_min),
                std::to_string(sent.utc_offset_min));
  if ((held.flags & ~hq_bits) != (sent.flags & ~hq_bits))
    return diff("flags", std::to_string(held.flags & ~hq_bits),
                std::to_string(sent.flags & ~hq_bits));
  if (held.channel != sent.channel)
    return diff("channel", to_string(held.channel), to_string(sent.channel));
  return "";
}

std::string conflict_reason(const Response& held, const Response& sent) {
  if (held.unit_id != sent.unit_id) return "refused";
  const std::string difference = first_difference(held, sent);
  if (difference.empty()) return "";
  return "conflict: HQ already holds this id with other content: " + difference;
}

}  // namespace hymy::hq
