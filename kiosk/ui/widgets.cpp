// Drawing helpers and the touch button (see widgets.hpp).
#include "ui/widgets.hpp"

#include <algorithm>
#include <cstring>

namespace hymy::kiosk {

void draw_vertical_gradient(ImDrawList* dl, const Rect& r, ImU32 top, ImU32 bottom) {
  dl->AddRectFilledMultiColor(top_left(r), bottom_right(r), top, top, bottom, bottom);
}

namespace {

template <class Fn>
void for_each_line(ImFont* font, const std::string& text, float wrap_width, Fn&& fn) {
  const char* s = text.c_str();
  const char* end = s + text.size();
  const float size = font->FontSize;
  while (s < end) {
    const char* line_end = font->CalcWordWrapPositionA(1.0f, s, end, wrap_width);
    if (line_end == s) line_end = s + 1;  // a single glyph wider than the line: keep going
    const char* nl = static_cast<const char*>(std::memchr(s, '\n', static_cast<std::size_t>(line_end - s)));
    if (nl != nullptr) line_end = nl;
    const char* trimmed = line_end;
    while (trimmed > s && trimmed[-1] == ' ') --trimmed;
    fn(s, trimmed, size);
    s = line_end;
    while (s < end && (*s == ' ' || *s == '\n')) ++s;
  }
}

}  // namespace

float measure_text_height(ImFont* font, const std::string& text, float wrap_width) {
  float h = 0;
  for_each_line(font, text, wrap_width, [&](const char*, const char*, float size) { h += size * 1.18f; });
  return h;
}

ImVec2 measure_text(ImFont* font, const std::string& text) {
  return font->CalcTextSizeA(font->FontSize, 1e9f, 0.0f, text.c_str(), text.c_str() + text.size());
}

float draw_text_centered(ImDrawList* dl, ImFont* font, const std::string& text, float center_x,
                         float top, float wrap_width, ImU32 color) {
  float y = top;
  for_each_line(font, text, wrap_width, [&](const char* b, const char* e, float size) {
    const ImVec2 sz = font->CalcTextSizeA(size, 1e9f, 0.0f, b, e);
    dl->AddText(font, size, ImVec2(center_x - sz.x * 0.5f, y), color, b, e);
    y += size * 1.18f;
  });
  return y - top;
}

ButtonResult touch_button(const std::string& name, const Rect& r, Targets& targets) {
  targets.add(name, r);
  ImGui::SetCursorScreenPos(top_left(r));
  ButtonResult out;
  out.clicked = ImGui::InvisibleButton(name.c_str(), ImVec2(std::max(1.0f, r.width()), std::max(1.0f, r.height())));
  out.held = ImGui::IsItemActive() && ImGui::IsItemHovered();
  return out;
}

ButtonResult text_button(const std::string& name, const Rect& r, const std::string& label,
                         ImFont* font, ButtonStyle style, Targets& targets, bool enabled) {
  ButtonResult b = touch_button(name, r, targets);
  if (!enabled) b.clicked = false;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float rounding = r.height() * 0.5f;
  ImU32 fill = colors::kSurface, text = colors::kText, border = colors::kBorder;
  switch (style) {
    case ButtonStyle::primary:
    case ButtonStyle::selected:
      fill = b.held ? colors::kAccentPressed : colors::kAccent;
      text = colors::kOnAccent;
      border = 0;
      break;
    case ButtonStyle::secondary:
      fill = b.held ? colors::kSurfacePressed : colors::kSurface;
      break;
    case ButtonStyle::quiet:
      fill = b.held ? colors::kSurfacePressed : IM_COL32(255, 255, 255, 110);
      border = IM_COL32(0x23, 0x30, 0x38, 0x28);
      break;
  }
  if (!enabled) {
    fill = IM_COL32(0xD8, 0xDF, 0xDF, 255);
    text = IM_COL32(0x8A, 0x96, 0x9A, 255);
    border = 0;
  }
  if (style == ButtonStyle::primary && enabled)
    dl->AddRectFilled(ImVec2(r.x0, r.y0 + r.height() * 0.06f), ImVec2(r.x1, r.y1 + r.height() * 0.06f),
                      colors::kShadow, rounding);
  dl->AddRectFilled(top_left(r), bottom_right(r), fill, rounding);
  if (border != 0) dl->AddRect(top_left(r), bottom_right(r), border, rounding, 0, std::max(1.0f, r.height() * 0.03f));
  const ImVec2 sz = measure_text(font, label);
  dl->AddText(font, font->FontSize, ImVec2(r.cx() - sz.x * 0.5f, r.cy() - sz.y * 0.5f), text,
              label.c_str(), label.c_str() + label.size());
  return b;
}

}  // namespace hymy::kiosk
