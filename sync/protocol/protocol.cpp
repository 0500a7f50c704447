#include "protocol/protocol.hpp"
