// parse_json_bounded: a nesting scan, then nlohmann (see json_bounded.hpp).
#include "hymy/json_bounded.hpp"

namespace hymy {

using nlohmann::json;

JsonTooDeep::JsonTooDeep() : std::runtime_error(nesting_too_deep_message("JSON")) {}

json parse_json_bounded(std::string_view text) {
  if (json_nesting_exceeds(text)) throw JsonTooDeep();
  return json::parse(text);
}

json parse_json_bounded(std::string_view text, const json::parser_callback_t& callback) {
  if (json_nesting_exceeds(text)) throw JsonTooDeep();
  return json::parse(text, callback);
}

json parse_json_bounded_or_discarded(std::string_view text) {
  if (json_nesting_exceeds(text)) return json(json::value_t::discarded);
  return json::parse(text, nullptr, false);
}

}  // namespace hymy
