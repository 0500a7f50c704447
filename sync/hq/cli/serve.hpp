// `hymy-hq serve`: opens the store, registers the route groups and serves until SIGTERM/SIGINT.
#pragma once

#include <string>

#include "server/hq_server.hpp"
#include "store/open_hq_store.hpp"

namespace hymy::hq {

// Splits "host:port" (or "[v6]:port"); throws std::invalid_argument naming --listen.
void parse_listen(const std::string& listen, ServerOptions& options);

int serve(const HqStoreLocation& storage, ServerOptions options);

}  // namespace hymy::hq
