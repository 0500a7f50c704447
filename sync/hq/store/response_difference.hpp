// How a re-sent response differs from the one HQ holds under the same id: the one rule both
// store implementations use to tell a duplicate (same content) from a conflict.
#pragma once

#include <string>

#include "hymy/model.hpp"

namespace hymy::hq {

// Names the first field in which `sent` differs from `held`, or "" if none.
// HQ's own flag bits are left out: HQ sets them on arrival, the tablet never does.
// A response held for another unit gives "" here too: see conflict_reason.
std::string first_difference(const Response& held, const Response& sent);

// What the sender of `sent` is told when HQ holds its id already: "" for a duplicate (same
// content), "refused" alone when the held one belongs to another unit (a device learns nothing
// about other units' answers, not even that the id exists there), otherwise "conflict: ..." with
// the first differing field.
std::string conflict_reason(const Response& held, const Response& sent);

}  // namespace hymy::hq
