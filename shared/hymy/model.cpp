#include "hymy/model.hpp"

namespace hymy {

bool Schedule::is_open(int weekday, int minute) const {
  if (windows.empty()) return true;
  for (const auto& w : windows) {
    if ((w.days >> weekday) & 1u) {
      if (minute >= w.from_minute && minute < w.to_minute) return true;
    }
  }
  return false;
}

const char* to_string(Channel c) {
  switch (c) {
    case Channel::kiosk: return "kiosk";
    case Channel::staff: return "staff";
  }
  return "kiosk";
}

std::optional<Channel> channel_from_string(const std::string& s) {
  if (s == "kiosk") return Channel::kiosk;
  if (s == "staff") return Channel::staff;
  return std::nullopt;
}

}  // namespace hymy
