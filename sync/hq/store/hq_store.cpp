// The parts of the HQ store interface that need no storage.
#include "store/hq_store.hpp"

#include <algorithm>

namespace hymy::hq {

const char* to_string(Role r) { return r == Role::admin ? "admin" : "viewer"; }

std::optional<Role> role_from_string(const std::string& s) {
  if (s == "admin") return Role::admin;
  if (s == "viewer") return Role::viewer;
  return std::nullopt;
}

bool User::may_see_unit(const std::string& unit_id) const {
  return role == Role::admin ||
         std::find(unit_ids.begin(), unit_ids.end(), unit_id) != unit_ids.end();
}

std::vector<StoredResponse> HqStore::responses(const ResponseQuery& query) {
  std::vector<StoredResponse> out;
  for_each_response(query, [&](const StoredResponse& r) {
    out.push_back(r);
    return true;
  });
  return out;
}

AnswerSource unit_answers(HqStore& store, const std::string& unit_id) {
  return [&store, unit_id](std::int64_t from_ms, std::int64_t to_ms) {
    return store.answers(unit_id, from_ms, to_ms);
  };
}

}  // namespace hymy::hq
