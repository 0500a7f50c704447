// The on-screen keyboard (see keyboard.hpp).
#include "ui/keyboard.hpp"

#include <algorithm>

#include "flow/utf8_text.hpp"
#include "ui/widgets.hpp"

namespace hymy::kiosk {
namespace {

void key_background(ImDrawList* dl, const Rect& r, bool held, bool special) {
  const float rounding = std::min(r.width(), r.height()) * 0.18f;
  dl->AddRectFilled(ImVec2(r.x0, r.y0 + r.height() * 0.045f), ImVec2(r.x1, r.y1 + r.height() * 0.045f),
                    colors::kShadow, rounding);
  const ImU32 fill = held ? colors::kSurfacePressed
                          : (special ? IM_COL32(0xEE, 0xF2, 0xF1, 255) : colors::kSurface);
  dl->AddRectFilled(top_left(r), bottom_right(r), fill, rounding);
}

void draw_label(ImDrawList* dl, ImFont* font, const Rect& r, const std::string& label, ImU32 color) {
  const ImVec2 sz = measure_text(font, label);
  dl->AddText(font, font->FontSize, ImVec2(r.cx() - sz.x * 0.5f, r.cy() - sz.y * 0.52f), color,
              label.c_str(), label.c_str() + label.size());
}

// An upward arrow; filled when shift is on.
void draw_shift_icon(ImDrawList* dl, const Rect& r, bool on) {
  const float s = std::min(r.width(), r.height()) * 0.22f;
  const ImVec2 c(r.cx(), r.cy());
  const ImVec2 pts[7] = {{c.x, c.y - s * 1.1f},        {c.x + s, c.y},
                         {c.x + s * 0.45f, c.y},       {c.x + s * 0.45f, c.y + s * 0.9f},
                         {c.x - s * 0.45f, c.y + s * 0.9f}, {c.x - s * 0.45f, c.y},
                         {c.x - s, c.y}};
  if (on) {  // the arrow is concave, so fill it as a head and a stem
    dl->AddTriangleFilled(pts[0], pts[1], pts[6], colors::kAccent);
    dl->AddRectFilled(pts[5], pts[3], colors::kAccent);
  }
  dl->AddPolyline(pts, 7, on ? colors::kAccent : colors::kText, ImDrawFlags_Closed, s * 0.16f);
}

// A left-pointing key cap with a cross.
void draw_backspace_icon(ImDrawList* dl, const Rect& r) {
  const float s = std::min(r.width(), r.height()) * 0.2f;
  const ImVec2 c(r.cx() + s * 0.2f, r.cy());
  const ImVec2 pts[5] = {{c.x - s * 1.5f, c.y}, {c.x - s * 0.7f, c.y - s}, {c.x + s * 1.2f, c.y - s},
                         {c.x + s * 1.2f, c.y + s}, {c.x - s * 0.7f, c.y + s}};
  dl->AddPolyline(pts, 5, colors::kText, ImDrawFlags_Closed, s * 0.16f);
  const float x = s * 0.38f;
  const ImVec2 m(c.x + s * 0.25f, c.y);
  dl->AddLine(ImVec2(m.x - x, m.y - x), ImVec2(m.x + x, m.y + x), colors::kText, s * 0.16f);
  dl->AddLine(ImVec2(m.x - x, m.y + x), ImVec2(m.x + x, m.y - x), colors::kText, s * 0.16f);
}

}  // namespace

std::vector<Intent> draw_keyboard(const Rect& area, const LanguagePack& pack,
                                  const CommentDraft& draft, const Fonts& fonts, Targets& targets) {
  std::vector<Intent> out;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const auto& rows = draft.symbols ? pack.symbols : pack.letters;

  // Key width unit: the widest row decides; the last row also carries shift and backspace.
  float units = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    float w = static_cast<float>(rows[i].size());
    if (i + 1 == rows.size()) w += 3.0f;
    units = std::max(units, w);
  }
  const float total_rows = static_cast<float>(rows.size() + 1);
  const float gap = std::min(area.width() / units, area.height() / total_rows) * 0.14f;
  const float u = std::min(area.width() / units, area.height() / total_rows * 1.35f);
  const float key_h = std::min(area.height() / total_rows, u * 0.95f) - gap;
  const float row_step = key_h + gap;
  float y = area.y0 + (area.height() - row_step * total_rows + gap) * 0.5f;

  for (std::size_t i = 0; i < rows.size(); ++i) {
    const bool last = i + 1 == rows.size();
    const float row_units = static_cast<float>(rows[i].size()) + (last ? 3.0f : 0.0f);
    float x = area.cx() - row_units * u * 0.5f;
    if (last) {
      const Rect r{x + gap * 0.5f, y, x + 1.5f * u - gap * 0.5f, y + key_h};
      const ButtonResult b = touch_button("key.shift", r, targets);
      key_background(dl, r, b.held, true);
      draw_shift_icon(dl, r, draft.shift && !draft.symbols);
      if (b.clicked) out.emplace_back(ToggleShift{});
      x += 1.5f * u;
    }
    for (const auto& key : rows[i]) {
      const Rect r{x + gap * 0.5f, y, x + u - gap * 0.5f, y + key_h};
      const std::string label = draft.shift && !draft.symbols ? utf8_upper(key) : key;
      const ButtonResult b = touch_button("key." + key, r, targets);
      key_background(dl, r, b.held, false);
      draw_label(dl, fonts.button, r, label, colors::kText);
      if (b.clicked) out.emplace_back(TypeText{label});
      x += u;
    }
    if (last) {
      const Rect r{x + gap * 0.5f, y, x + 1.5f * u - gap * 0.5f, y + key_h};
      const ButtonResult b = touch_button("key.backspace", r, targets);
      key_background(dl, r, b.held, true);
      draw_backspace_icon(dl, r);
      if (b.clicked) out.emplace_back(Backspace{});
    }
    y += row_step;
  }

  // Bottom row: page switch and a wide space bar.
  const float page_w = 2.0f * u, space_w = std::min(7.0f * u, area.width() - page_w * 2.2f);
  float x = area.cx() - (page_w + space_w) * 0.5f;
  {
    const Rect r{x + gap * 0.5f, y, x + page_w - gap * 0.5f, y + key_h};
    const ButtonResult b = touch_button("key.symbols", r, targets);
    key_background(dl, r, b.held, true);
    draw_label(dl, fonts.body, r, pack.text(draft.symbols ? "keyboard.letters" : "keyboard.symbols"),
               colors::kText);
    if (b.clicked) out.emplace_back(ToggleSymbols{});
    x += page_w;
  }
  {
    const Rect r{x + gap * 0.5f, y, x + space_w - gap * 0.5f, y + key_h};
    const ButtonResult b = touch_button("key.space", r, targets);
    key_background(dl, r, b.held, false);
    draw_label(dl, fonts.small, r, pack.text("keyboard.space"), colors::kTextSoft);
    if (b.clicked) out.emplace_back(TypeText{" "});
  }
  return out;
}

}  // namespace hymy::kiosk
