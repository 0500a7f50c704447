#include "hymy/figures.hpp"
