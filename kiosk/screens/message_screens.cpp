// The screens that only say something: thank you, closed, could not save (calm). Each is an
// icon in a circle, a title and a line of text.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "screens/screen.hpp"
#include "ui/widgets.hpp"

namespace hymy::kiosk {

constexpr float kPi = 3.14159265f;
namespace {

struct Message {
  float icon_radius = 0;
  ImVec2 icon_center;
};

// Lays out icon, title and subtitle in the middle of the screen; returns where the icon goes.
Message draw_message(const ScreenContext& ctx, const std::string& title, const std::string& subtitle,
                     ImU32 title_col, ImU32 sub_col) {
  const Rect& v = ctx.viewport;
  const float em = ctx.fonts.em;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float wrap = std::min(v.width() - em * 3.0f, em * 32.0f);
  const float icon_r = std::min(em * 3.2f, v.height() * 0.14f);
  const float title_h = measure_text_height(ctx.fonts.title, title, wrap);
  const float sub_h = measure_text_height(ctx.fonts.body, subtitle, wrap);
  const float block = icon_r * 2 + em * 1.6f + title_h + em * 0.7f + sub_h;
  float y = v.y0 + std::max(top_bar_bottom(ctx), (v.height() - block) * 0.48f);
  Message m{icon_r, ImVec2(v.cx(), y + icon_r)};
  y += icon_r * 2 + em * 1.6f;
  y += draw_text_centered(dl, ctx.fonts.title, title, v.cx(), y, wrap, title_col) + em * 0.7f;
  draw_text_centered(dl, ctx.fonts.body, subtitle, v.cx(), y, wrap, sub_col);
  return m;
}

}  // namespace

void draw_thanks_screen(const ScreenContext& ctx, ScreenOutput& out) {
  const LanguagePack& pack = ctx.catalog.pack(ctx.flow.state().language);
  draw_background(ctx.viewport, false);
  const Message m = draw_message(ctx, pack.text("thanks.title"), pack.text("thanks.subtitle"),
                                 colors::kText, colors::kTextSoft);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 c = m.icon_center;
  const float r = m.icon_radius;
  const float em = ctx.fonts.em;

  // The circle grows in, then the check mark draws itself (real time, so it is smooth even when
  // the flow's clock is scripted).
  const float t = static_cast<float>(std::min(1.0, ctx.screen_age_s / 0.6));
  const float ease = 1.0f - (1.0f - t) * (1.0f - t) * (1.0f - t);
  dl->AddCircleFilled(ImVec2(c.x, c.y + r * 0.05f), r * (0.85f + 0.15f * ease), colors::kShadow, 96);
  dl->AddCircleFilled(c, r * (0.85f + 0.15f * ease), colors::kFace[3], 96);
  const ImVec2 a(c.x - r * 0.42f, c.y + r * 0.02f), b(c.x - r * 0.12f, c.y + r * 0.32f), d(c.x + r * 0.45f, c.y - r * 0.3f);
  const float first = std::clamp(ease * 2.2f, 0.0f, 1.0f);
  const float second = std::clamp(ease * 2.2f - 1.0f, 0.0f, 1.2f) / 1.2f;
  const float stroke = r * 0.14f;
  const ImVec2 ab(a.x + (b.x - a.x) * first, a.y + (b.y - a.y) * first);
  dl->AddLine(a, ab, colors::kOnAccent, stroke);
  if (second > 0) {
    dl->AddCircleFilled(b, stroke * 0.5f, colors::kOnAccent, 16);
    dl->AddLine(b, ImVec2(b.x + (d.x - b.x) * second, b.y + (d.y - b.y) * second), colors::kOnAccent, stroke);
  }
  dl->AddCircleFilled(a, stroke * 0.5f, colors::kOnAccent, 16);
  if (second >= 1.0f) dl->AddCircleFilled(d, stroke * 0.5f, colors::kOnAccent, 16);

  // A thin ring shows the time left before the kiosk is ready for the next visitor.
  const auto& st = ctx.flow.state();
  const float left = 1.0f - std::clamp(static_cast<float>(ctx.now_mono_ms - st.screen_since_ms) /
                                           static_cast<float>(std::max<std::int64_t>(1, ctx.flow.settings().thank_you_ms)),
                                       0.0f, 1.0f);
  if (left > 0.0f) {
    const float start = -kPi * 0.5f;
    dl->PathArcTo(c, r + em * 0.55f, start, start + 2 * kPi * left, 96);
    dl->PathStroke(IM_COL32(0x4E, 0xAE, 0x73, 0x80), 0, em * 0.14f);
  }
  out.animating = true;
  // The shadow reaches 1.05 r below the centre, the ring r + 0.62 em; a few pixels for the
  // anti-aliased edges.
  const float reach = std::max(r * 1.05f, r + em * 0.62f) + 3.0f;
  out.animated_area = Rect{c.x - reach, c.y - reach, c.x + reach, c.y + reach};
}

void draw_closed_screen(const ScreenContext& ctx, ScreenOutput& out) {
  const LanguagePack& pack = ctx.catalog.pack(ctx.flow.state().language);
  draw_background(ctx.viewport, true);
  draw_language_switch(ctx, true, out.intents);
  const Message m = draw_message(ctx, pack.text("closed.title"), pack.text("closed.subtitle"),
                                 colors::kClosedText, colors::kClosedTextSoft);
  // A crescent moon: a pale disc with a background-coloured disc over it.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float r = m.icon_radius * 0.8f;
  dl->AddCircleFilled(m.icon_center, r, IM_COL32(0xE9, 0xE2, 0xC4, 0xE0), 96);
  // The covering disc takes the background's colour at its height, so it disappears into it.
  const ImVec2 cut(m.icon_center.x + r * 0.45f, m.icon_center.y - r * 0.3f);
  const float t = std::clamp((cut.y - ctx.viewport.y0) / ctx.viewport.height(), 0.0f, 1.0f);
  const ImVec4 top = ImGui::ColorConvertU32ToFloat4(colors::kClosedTop);
  const ImVec4 bottom = ImGui::ColorConvertU32ToFloat4(colors::kClosedBottom);
  const ImU32 bg = ImGui::ColorConvertFloat4ToU32(ImVec4(top.x + (bottom.x - top.x) * t, top.y + (bottom.y - top.y) * t,
                                                         top.z + (bottom.z - top.z) * t, 1.0f));
  dl->AddCircleFilled(cut, r * 0.86f, bg, 96);
}

void draw_failed_screen(const ScreenContext& ctx, ScreenOutput& out) {
  (void)out;
  const LanguagePack& pack = ctx.catalog.pack(ctx.flow.state().language);
  draw_background(ctx.viewport, false);
  const Message m = draw_message(ctx, pack.text("failed.title"), pack.text("failed.subtitle"),
                                 colors::kText, colors::kTextSoft);
  // A soft heart: calm, and nothing that looks like an error dialog.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 c = m.icon_center;
  const float r = m.icon_radius;
  dl->AddCircleFilled(c, r, IM_COL32(0xF3, 0xDE, 0xDA, 255), 96);
  const float h = r * 0.26f;
  const ImU32 col = IM_COL32(0xD9, 0x7B, 0x73, 255);
  dl->AddCircleFilled(ImVec2(c.x - h, c.y - h * 0.4f), h * 1.05f, col, 40);
  dl->AddCircleFilled(ImVec2(c.x + h, c.y - h * 0.4f), h * 1.05f, col, 40);
  dl->AddTriangleFilled(ImVec2(c.x - h * 1.98f, c.y - h * 0.1f), ImVec2(c.x + h * 1.98f, c.y - h * 0.1f),
                        ImVec2(c.x, c.y + h * 1.9f), col);
}

}  // namespace hymy::kiosk
