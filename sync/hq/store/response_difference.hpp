// How a re-sent response differs from the one HQ holds under the same id: the one rule both
// store implementations use to tell a duplicate (same content) from a conflict.
#pragma once

#include <string>

#include "hymy/model.hpp"

namespace hymy::hq {

// Names the first field in which `sent` differs from `held`, or "" if none.
// HQ's own flag bits are left out: HQ sets them on arrival, the tablet never does.
std::string first_difference(const Response& held, const Response& sent);

}  // namespace hymy::hq
