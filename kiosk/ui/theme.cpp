// Sizing rules of the theme (see theme.hpp).
#include "ui/theme.hpp"

#include <algorithm>

namespace hymy::kiosk {

float em_for_window(float width, float height, float content_scale) {
  const float short_side = std::min(width, height);
  const float by_window = short_side / 27.0f;
  const float minimum = 14.0f * std::max(1.0f, content_scale);
  return std::clamp(by_window, minimum, 64.0f);
}

}  // namespace hymy::kiosk
