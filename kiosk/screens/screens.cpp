// The full-viewport window every screen draws into, the shared chrome (background, language
// switch, hidden staff corner) and the dispatch to the screen of the moment.
#include <imgui.h>

#include "screens/screen.hpp"
#include "ui/widgets.hpp"

namespace hymy::kiosk {

void draw_background(const Rect& viewport, bool dim) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (dim) draw_vertical_gradient(dl, viewport, colors::kClosedTop, colors::kClosedBottom);
  else draw_vertical_gradient(dl, viewport, colors::kBackgroundTop, colors::kBackgroundBottom);
}

float top_bar_bottom(const ScreenContext& ctx) { return ctx.viewport.y0 + ctx.fonts.em * 3.4f; }

const std::string& question_text(const QuestionSet& set, const Question& q, const Language& lang) {
  if (auto it = q.text.find(lang); it != q.text.end() && !it->second.empty()) return it->second;
  if (auto it = q.text.find(set.default_language); it != q.text.end()) return it->second;
  static const std::string empty;
  return q.text.empty() ? empty : q.text.begin()->second;
}

void draw_language_switch(const ScreenContext& ctx, bool dim, std::vector<Intent>& out) {
  const auto& langs = ctx.flow.settings().languages;
  if (langs.size() < 2) return;
  const float em = ctx.fonts.em;
  ImFont* font = ctx.fonts.body;
  const float h = em * 2.4f, pad = em * 1.1f, gap = em * 0.5f;
  float total = 0;
  for (const auto& code : langs) total += measure_text(font, ctx.catalog.pack(code).name).x + pad * 2 + gap;
  total -= gap;
  float x = ctx.viewport.x1 - em * 1.0f - total;
  const float y = ctx.viewport.y0 + em * 0.8f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (const auto& code : langs) {
    const std::string& name = ctx.catalog.pack(code).name;
    const float w = measure_text(font, name).x + pad * 2;
    const Rect r{x, y, x + w, y + h};
    const bool active = code == ctx.flow.state().language;
    if (dim) {
      const ButtonResult b = touch_button("lang." + code, r, ctx.targets);
      const ImU32 fill = active ? IM_COL32(255, 255, 255, 0x30) : IM_COL32(255, 255, 255, b.held ? 0x20 : 0x00);
      dl->AddRectFilled(top_left(r), bottom_right(r), fill, h * 0.5f);
      dl->AddRect(top_left(r), bottom_right(r), IM_COL32(255, 255, 255, 0x40), h * 0.5f, 0, em * 0.06f);
      const ImVec2 sz = measure_text(font, name);
      dl->AddText(font, font->FontSize, ImVec2(r.cx() - sz.x * 0.5f, r.cy() - sz.y * 0.5f),
                  active ? colors::kClosedText : colors::kClosedTextSoft, name.c_str());
      if (b.clicked) out.emplace_back(ChooseLanguage{code});
    } else {
      const ButtonResult b = text_button("lang." + code, r, name, font,
                                         active ? ButtonStyle::selected : ButtonStyle::quiet, ctx.targets);
      if (b.clicked && !active) out.emplace_back(ChooseLanguage{code});
    }
    x += w + gap;
  }
}

ScreenOutput draw_screen(const ScreenContext& ctx) {
  ScreenOutput out;
  const Rect& v = ctx.viewport;
  ImGui::SetNextWindowPos(ImVec2(v.x0, v.y0));
  ImGui::SetNextWindowSize(ImVec2(v.width(), v.height()));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
  ImGui::Begin("kiosk", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);

  switch (ctx.flow.state().screen) {
    case Screen::question: draw_question_screen(ctx, out); break;
    case Screen::comment: draw_comment_screen(ctx, out); break;
    case Screen::thanks: draw_thanks_screen(ctx, out); break;
    case Screen::closed: draw_closed_screen(ctx, out); break;
    case Screen::failed: draw_failed_screen(ctx, out); break;
    case Screen::staff: draw_staff_screen(ctx, out); break;
  }

  // The hidden staff entry: a long press in the top-left corner. It is not a button, so it takes
  // nothing from a visitor who brushes it.
  const float corner = ctx.fonts.em * 3.0f;
  const Rect c{v.x0, v.y0, v.x0 + corner, v.y0 + corner};
  ctx.targets.add("staff.corner", c);
  const ImGuiIO& io = ImGui::GetIO();
  out.corner_held = io.MouseDown[0] && c.contains(io.MouseClickedPos[0].x, io.MouseClickedPos[0].y) &&
                    c.contains(io.MousePos.x, io.MousePos.y);

  ImGui::End();
  ImGui::PopStyleVar(2);
  return out;
}

}  // namespace hymy::kiosk
