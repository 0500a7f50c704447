// Staff charts (see charts.hpp).
#include "ui/charts.hpp"

#include <algorithm>

#include "ui/face.hpp"
#include "ui/widgets.hpp"

namespace hymy::kiosk {

void draw_rating_bars(ImDrawList* dl, const Rect& r, const std::array<std::int64_t, 4>& counts,
                      const std::array<std::string, 4>& labels, const Fonts& fonts) {
  const float em = fonts.em;
  const std::int64_t top = std::max<std::int64_t>(1, *std::max_element(counts.begin(), counts.end()));
  float label_w = 0;
  for (const auto& l : labels) label_w = std::max(label_w, measure_text(fonts.small, l).x);
  const float row = r.height() / 4.0f;
  const float face_r = std::min(row * 0.36f, em * 0.62f);
  const float bar_x0 = r.x0 + face_r * 2 + em * 0.6f;
  const float bar_x1 = r.x1 - label_w - em * 0.6f;
  for (int i = 0; i < 4; ++i) {
    const int rating = 4 - i;
    const float cy = r.y0 + row * (static_cast<float>(i) + 0.5f);
    draw_face(dl, ImVec2(r.x0 + face_r, cy), face_r, rating);
    const float h = std::min(row * 0.5f, em * 0.7f);
    dl->AddRectFilled(ImVec2(bar_x0, cy - h * 0.5f), ImVec2(bar_x1, cy + h * 0.5f), IM_COL32(0xEA, 0xEF, 0xEE, 255), h * 0.3f);
    const std::int64_t n = counts[static_cast<std::size_t>(rating - 1)];
    if (n > 0) {
      const float w = std::max(h * 0.6f, (bar_x1 - bar_x0) * static_cast<float>(n) / static_cast<float>(top));
      dl->AddRectFilled(ImVec2(bar_x0, cy - h * 0.5f), ImVec2(bar_x0 + w, cy + h * 0.5f), colors::kFace[rating - 1], h * 0.3f);
    }
    const std::string& l = labels[static_cast<std::size_t>(rating - 1)];
    const ImVec2 sz = measure_text(fonts.small, l);
    dl->AddText(fonts.small, fonts.small->FontSize, ImVec2(r.x1 - sz.x, cy - sz.y * 0.5f), colors::kText, l.c_str());
  }
}

void draw_hourly(ImDrawList* dl, const Rect& r, const std::array<std::int64_t, 24>& hourly, int now_hour,
                 const Fonts& fonts) {
  const float em = fonts.em;
  const std::int64_t top = std::max<std::int64_t>(1, *std::max_element(hourly.begin(), hourly.end()));
  const float label_h = fonts.small->FontSize * 1.3f;
  const float base = r.y1 - label_h;
  const float col = r.width() / 24.0f;
  const float bar = col * 0.64f;
  // Gridlines at half and full height, with the count of the full one.
  for (int g = 1; g <= 2; ++g) {
    const float y = base - (base - r.y0 - em * 0.2f) * static_cast<float>(g) / 2.0f;
    dl->AddLine(ImVec2(r.x0, y), ImVec2(r.x1, y), IM_COL32(0x23, 0x30, 0x38, 0x14), 1.0f);
  }
  const std::string top_label = std::to_string(top);
  dl->AddText(fonts.small, fonts.small->FontSize * 0.85f, ImVec2(r.x0, r.y0 - em * 0.15f), colors::kTextSoft, top_label.c_str());
  dl->AddLine(ImVec2(r.x0, base), ImVec2(r.x1, base), colors::kBorder, std::max(1.0f, em * 0.05f));
  for (int h = 0; h < 24; ++h) {
    const float x = r.x0 + col * static_cast<float>(h) + (col - bar) * 0.5f;
    const std::int64_t n = hourly[static_cast<std::size_t>(h)];
    if (n > 0) {
      const float height = (base - r.y0 - em * 0.2f) * static_cast<float>(n) / static_cast<float>(top);
      const ImU32 fill = h == now_hour ? colors::kAccent : IM_COL32(0x7F, 0xA9, 0xAB, 255);
      dl->AddRectFilled(ImVec2(x, base - std::max(height, em * 0.12f)), ImVec2(x + bar, base), fill, bar * 0.2f,
                        ImDrawFlags_RoundCornersTop);
    } else if (now_hour >= 0 && h > now_hour) {
      dl->AddRectFilled(ImVec2(x, base - em * 0.06f), ImVec2(x + bar, base), IM_COL32(0x23, 0x30, 0x38, 0x10));
    }
    if (h % 3 == 0) {
      const std::string l = std::to_string(h);
      const ImVec2 sz = measure_text(fonts.small, l);
      dl->AddText(fonts.small, fonts.small->FontSize, ImVec2(x + bar * 0.5f - sz.x * 0.5f, base + em * 0.12f),
                  colors::kTextSoft, l.c_str());
    }
  }
}

}  // namespace hymy::kiosk
