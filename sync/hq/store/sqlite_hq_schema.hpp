// The schema of HQ's SQLite database as ordered migration steps (see hymy::sqlite::migrate).
// Append new steps; never edit a step that has shipped.
#pragma once

#include <vector>

#include "hymy/sqlite.hpp"

namespace hymy::hq {

const std::vector<sqlite::Migration>& hq_migrations();

}  // namespace hymy::hq
