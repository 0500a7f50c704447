// The PIN pad (and the first-start "set a PIN" screen): dots for the digits typed, a 3x4 pad of
// large keys, and a calm line saying how long to wait after wrong PINs or while locked.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "screens/staff/staff_screens.hpp"
#include "screens/staff/staff_ui.hpp"

namespace hymy::kiosk {

using namespace staff_ui;

namespace {

// A padlock: body and shackle.
void draw_lock_icon(ImDrawList* dl, ImVec2 c, float r, ImU32 col) {
  dl->AddCircleFilled(c, r, IM_COL32(0xDC, 0xE7, 0xE6, 255), 64);
  const float w = r * 0.95f, h = r * 0.72f;
  dl->PathArcTo(ImVec2(c.x, c.y - h * 0.25f), w * 0.3f, 3.14159f, 2 * 3.14159f, 24);
  dl->PathStroke(col, 0, r * 0.12f);
  dl->AddLine(ImVec2(c.x - w * 0.3f, c.y - h * 0.25f), ImVec2(c.x - w * 0.3f, c.y), col, r * 0.12f);
  dl->AddLine(ImVec2(c.x + w * 0.3f, c.y - h * 0.25f), ImVec2(c.x + w * 0.3f, c.y), col, r * 0.12f);
  dl->AddRectFilled(ImVec2(c.x - w * 0.5f, c.y - h * 0.05f), ImVec2(c.x + w * 0.5f, c.y + h * 0.62f), col, r * 0.1f);
  dl->AddCircleFilled(ImVec2(c.x, c.y + h * 0.25f), r * 0.08f, IM_COL32(0xDC, 0xE7, 0xE6, 255), 16);
}

}  // namespace

void draw_staff_pin(const ScreenContext& ctx, ScreenOutput& out) {
  const StaffFlow& sf = *ctx.staff;
  const StaffState& st = sf.state();
  const bool setting = st.screen == StaffScreen::set_pin;
  const Rect body = draw_header(ctx, out, tr(ctx, setting ? "setpin.header" : "pin.header"));
  const float em = ctx.fonts.em;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  Now now;
  now.mono_ms = ctx.now_mono_ms;
  now.wall_ms = ctx.now_wall_ms;
  const std::int64_t wait = setting ? 0 : sf.pin_wait_ms(now);
  const bool locked = !setting && sf.pin_locked(now);
  const bool pad_enabled = !st.busy && wait == 0;

  const bool portrait = body.height() > body.width();
  const float key = std::min(em * 3.1f, (portrait ? body.height() * 0.55f : body.height() - em * 2.0f) / 4.6f);
  const float gap = key * 0.22f;
  const float pad_w = key * 3 + gap * 2, pad_h = key * 4 + gap * 3;
  Rect pad, info;
  if (portrait) {
    info = Rect{body.x0 + em, body.y0 + em, body.x1 - em, body.y0 + body.height() * 0.38f};
    pad = Rect{body.cx() - pad_w * 0.5f, info.y1 + em, body.cx() + pad_w * 0.5f, info.y1 + em + pad_h};
  } else {
    const float split = body.x0 + body.width() * 0.5f;
    info = Rect{body.x0 + em * 2, body.y0, split - em, body.y1};
    const float py = body.y0 + (body.height() - pad_h) * 0.5f;
    pad = Rect{split + (body.x1 - split - pad_w) * 0.5f, py, split + (body.x1 - split + pad_w) * 0.5f, py + pad_h};
  }

  // Left: icon, title, what to do, the dots, and the wait.
  const float wrap = std::min(info.width(), em * 16.0f);
  const std::string title = tr(ctx, setting ? (st.pin_first.empty() ? "setpin.title" : "setpin.title_confirm") : "pin.title");
  const std::string sub = tr(ctx, setting ? "setpin.subtitle" : "pin.subtitle");
  const float icon_r = em * 1.9f;
  const float block = icon_r * 2 + em * 1.0f + measure_text_height(ctx.fonts.title, title, wrap) + em * 0.5f +
                      measure_text_height(ctx.fonts.body, sub, wrap) + em * 1.4f + em * 1.0f + em * 2.4f;
  float y = info.y0 + std::max(0.0f, (info.height() - block) * 0.5f);
  draw_lock_icon(dl, ImVec2(info.cx(), y + icon_r), icon_r, locked ? tone::kDown : hymy::kiosk::colors::kAccent);
  y += icon_r * 2 + em * 1.0f;
  y += draw_text_centered(dl, ctx.fonts.title, title, info.cx(), y, wrap, hymy::kiosk::colors::kText) + em * 0.5f;
  y += draw_text_centered(dl, ctx.fonts.body, sub, info.cx(), y, wrap, hymy::kiosk::colors::kTextSoft) + em * 1.4f;

  // Dots: filled for typed digits; four hollow ones at least, up to eight.
  const std::size_t shown = std::max<std::size_t>(4, st.pin_entry.size() + (st.pin_entry.size() < 8 ? 1 : 0));
  const float dr = em * 0.32f, step = em * 1.1f;
  float dx = info.cx() - step * static_cast<float>(shown - 1) * 0.5f;
  for (std::size_t i = 0; i < shown; ++i, dx += step) {
    if (i < st.pin_entry.size()) dl->AddCircleFilled(ImVec2(dx, y + dr), dr, hymy::kiosk::colors::kAccent, 24);
    else dl->AddCircle(ImVec2(dx, y + dr), dr, IM_COL32(0x8A, 0x9A, 0xA0, 255), 24, em * 0.07f);
  }
  y += dr * 2 + em * 1.0f;

  // The wait or lock, counting down in whole seconds; otherwise the flow's message.
  std::string status;
  bool status_error = false;
  if (wait > 0) {
    const std::int64_t s = (wait + 999) / 1000;
    char mmss[48];
    std::snprintf(mmss, sizeof mmss, "%lld:%02lld", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
    status = locked ? tr(ctx, "pin.locked_for", {{"time", mmss}}) : tr(ctx, "pin.wait", {{"seconds", std::to_string(s)}});
    status_error = true;
  } else if (!st.message.empty()) {
    status = format(pack(ctx).text(st.message.key), st.message.args);
    status_error = st.message.error;
  }
  if (!status.empty()) {
    const float sw = std::min(wrap + em * 2, text_width(ctx.fonts.small_bold, status) + em * 1.6f);
    const float sh = measure_text_height(ctx.fonts.small_bold, status, sw - em * 1.2f) + em * 0.7f;
    const Rect r{info.cx() - sw * 0.5f, y, info.cx() + sw * 0.5f, y + sh};
    dl->AddRectFilled(top_left(r), bottom_right(r), status_error ? tone::kErrorFill : IM_COL32(0xE4, 0xEE, 0xF0, 255), em * 0.5f);
    draw_text_centered(dl, ctx.fonts.small_bold, status, r.cx(), r.y0 + em * 0.35f, sw - em * 1.2f,
                       status_error ? tone::kErrorText : hymy::kiosk::colors::kText);
  }

  // Right: the pad. 1-9, then erase, 0, OK.
  for (int i = 0; i < 12; ++i) {
    const int row = i / 3, col = i % 3;
    const Rect r{pad.x0 + static_cast<float>(col) * (key + gap), pad.y0 + static_cast<float>(row) * (key + gap),
                 pad.x0 + static_cast<float>(col) * (key + gap) + key, pad.y0 + static_cast<float>(row) * (key + gap) + key};
    std::string name, label;
    if (i < 9) { name = "pin." + std::to_string(i + 1); label = std::to_string(i + 1); }
    else if (i == 9) { name = "pin.erase"; label = "⌫"; }
    else if (i == 10) { name = "pin.0"; label = "0"; }
    else { name = "pin.ok"; label = tr(ctx, "pin.ok"); }
    const bool ok_key = i == 11;
    const bool enabled = pad_enabled && (!ok_key || st.pin_entry.size() >= 4) && (i != 9 || !st.pin_entry.empty());
    const ButtonResult b = touch_button(name, r, ctx.targets);
    const ImVec2 c(r.cx(), r.cy());
    const float rad = key * 0.5f;
    ImU32 fill = ok_key ? hymy::kiosk::colors::kAccent : hymy::kiosk::colors::kSurface;
    if (b.held && enabled) fill = ok_key ? hymy::kiosk::colors::kAccentPressed : hymy::kiosk::colors::kSurfacePressed;
    if (!enabled) fill = ok_key ? IM_COL32(0xB9, 0xC9, 0xCA, 255) : IM_COL32(0xF3, 0xF5, 0xF5, 255);
    dl->AddCircleFilled(ImVec2(c.x, c.y + key * 0.04f), rad, hymy::kiosk::colors::kShadow, 48);
    dl->AddCircleFilled(c, rad, fill, 48);
    ImFont* f = ok_key ? ctx.fonts.button : ctx.fonts.title;
    if (i == 9) {  // erase: a left-pointing cap with a cross, like the keyboard's
      const float s = key * 0.14f;
      const ImU32 ink = enabled ? hymy::kiosk::colors::kText : IM_COL32(0xB0, 0xBA, 0xBD, 255);
      const ImVec2 pts[5] = {{c.x - s * 1.6f, c.y}, {c.x - s * 0.7f, c.y - s}, {c.x + s * 1.3f, c.y - s},
                             {c.x + s * 1.3f, c.y + s}, {c.x - s * 0.7f, c.y + s}};
      dl->AddPolyline(pts, 5, ink, ImDrawFlags_Closed, s * 0.18f);
      const float x = s * 0.4f;
      const ImVec2 m(c.x + s * 0.3f, c.y);
      dl->AddLine(ImVec2(m.x - x, m.y - x), ImVec2(m.x + x, m.y + x), ink, s * 0.18f);
      dl->AddLine(ImVec2(m.x - x, m.y + x), ImVec2(m.x + x, m.y - x), ink, s * 0.18f);
    } else {
      const ImVec2 sz = measure_text(f, label);
      const ImU32 ink = ok_key ? hymy::kiosk::colors::kOnAccent
                               : (enabled ? hymy::kiosk::colors::kText : IM_COL32(0xB0, 0xBA, 0xBD, 255));
      text(dl, f, c.x - sz.x * 0.5f, c.y - sz.y * 0.52f, ink, label);
    }
    if (!b.clicked || !enabled) continue;
    if (i < 9) out.staff_intents.emplace_back(PinDigit{i + 1});
    else if (i == 9) out.staff_intents.emplace_back(PinErase{});
    else if (i == 10) out.staff_intents.emplace_back(PinDigit{0});
    else out.staff_intents.emplace_back(PinSubmit{});
  }

  // A physical keyboard works too (digits, backspace, enter).
  ImGuiIO& io = ImGui::GetIO();
  if (pad_enabled) {
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
      const ImWchar ch = io.InputQueueCharacters[i];
      if (ch >= '0' && ch <= '9') out.staff_intents.emplace_back(PinDigit{ch - '0'});
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) out.staff_intents.emplace_back(PinErase{});
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)))
      out.staff_intents.emplace_back(PinSubmit{});
  }

  out.values["pin.digits"] = std::to_string(st.pin_entry.size());
  out.values["pin.wait_seconds"] = std::to_string((wait + 999) / 1000);
  out.values["pin.locked"] = locked ? "1" : "0";
  out.values["pin.failures"] = std::to_string(st.guard.failures);
  if (st.busy) out.animating = true;  // a spinner-free wait, but keep frames coming for the result
}

}  // namespace hymy::kiosk
