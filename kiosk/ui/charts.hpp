// Small charts for the staff figures: the 1..4 distribution as horizontal bars with the faces,
// and the hourly profile as 24 columns. Plain ImDrawList, sized by the rectangle given.
#pragma once

#include <imgui.h>

#include <array>
#include <cstdint>
#include <string>

#include "ui/targets.hpp"
#include "ui/theme.hpp"

namespace hymy::kiosk {

// One row per rating (4 at the top): face, bar scaled to the largest count, and `labels[i]`
// (e.g. "12 · 30 %") after the bar.
void draw_rating_bars(ImDrawList* dl, const Rect& r, const std::array<std::int64_t, 4>& counts,
                      const std::array<std::string, 4>& labels, const Fonts& fonts);

// 24 columns, hour labels every 3 hours; `now_hour` (0..23 or -1) is drawn in the accent colour
// and later hours of today fade out.
void draw_hourly(ImDrawList* dl, const Rect& r, const std::array<std::int64_t, 24>& hourly, int now_hour,
                 const Fonts& fonts);

}  // namespace hymy::kiosk
