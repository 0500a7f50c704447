// Helpers shared by the protocol's source files (not part of its interface): how an offending
// value is shown in a reason, and the strict readers for whole messages.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace hymy::protocol::detail {

constexpr int kMaxOffsetMin = 18 * 60;

// A short rendering of an offending value for a reason text.
std::string shown(const nlohmann::json& v);
std::string shown(const std::string& v);

// Parses a whole message that must be a JSON object; ProtocolError names `what` otherwise.
nlohmann::json parse(std::string_view text, const char* what);
// obj[key], or ProtocolError "where.key: missing" (or "where: expected an object").
const nlohmann::json& member(const nlohmann::json& obj, const std::string& key,
                             const std::string& where);
std::int64_t integer_member(const nlohmann::json& obj, const std::string& key,
                            const std::string& where);

}  // namespace hymy::protocol::detail
