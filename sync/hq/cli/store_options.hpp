// The storage options every hymy-hq command takes: --data DIR (SQLite) or --postgres URI.
#pragma once

#include "store/open_hq_store.hpp"

namespace CLI {
class App;
}

namespace hymy::hq {

// Adds --data and --postgres to `cmd`, exactly one of them required.
void add_store_options(CLI::App* cmd, HqStoreLocation& location);

}  // namespace hymy::hq
