#include "hymy/local_time.hpp"
