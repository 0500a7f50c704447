#include "hymy/comment.hpp"
