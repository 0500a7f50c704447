#include "hymy/tablet_store.hpp"
