#include "hymy/question_set_json.hpp"
