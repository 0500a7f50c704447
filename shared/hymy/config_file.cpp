#include "hymy/config_file.hpp"
