// The one way Hymy turns JSON text into an nlohmann::json document: refuse nesting deeper than
// kMaxNestingDepth before nlohmann sees the text. nlohmann parses iteratively, but dumping,
// copying and comparing documents recurse once per level, so one deep value would crash the
// process later, far from the input that caused it.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string_view>

#include "hymy/nesting_depth.hpp"

namespace hymy {

// what(): "JSON nested deeper than 32 levels".
class JsonTooDeep : public std::runtime_error {
 public:
  JsonTooDeep();
};

// Throws JsonTooDeep for nesting beyond kMaxNestingDepth, else nlohmann::json::parse_error (and
// out_of_range for numbers beyond a double) as nlohmann::json::parse does.
nlohmann::json parse_json_bounded(std::string_view text);
nlohmann::json parse_json_bounded(std::string_view text,
                                  const nlohmann::json::parser_callback_t& callback);

// For readers that treat any unreadable text alike: a discarded value (is_discarded()) for
// invalid or too deep JSON, never an exception.
nlohmann::json parse_json_bounded_or_discarded(std::string_view text);

}  // namespace hymy
