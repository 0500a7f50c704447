// Shared parts of the staff screens (see staff_ui.hpp).
#include "screens/staff/staff_ui.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "flow/utf8_text.hpp"

namespace hymy::kiosk::staff_ui {

const LanguagePack& pack(const ScreenContext& ctx) { return ctx.catalog.pack(ctx.staff->state().language); }

std::string tr(const ScreenContext& ctx, const std::string& key, const Args& args) {
  return format(pack(ctx).text(key), args);
}

float text_width(ImFont* font, const std::string& s) { return measure_text(font, s).x; }

void text(ImDrawList* dl, ImFont* font, float x, float y, ImU32 col, const std::string& s, float wrap) {
  dl->AddText(font, font->FontSize, ImVec2(x, y), col, s.c_str(), s.c_str() + s.size(), wrap);
}

std::string fit(ImFont* font, const std::string& s, float width) {
  if (text_width(font, s) <= width) return s;
  std::string t = s;
  while (!t.empty() && text_width(font, t + "…") > width) utf8_pop_back(t);
  return t + "…";
}

void text_box(const ScreenContext& ctx, const Rect& box, const std::string& s, const std::string& placeholder,
              bool focused) {
  const float em = ctx.fonts.em;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(top_left(box), bottom_right(box), hymy::kiosk::colors::kSurface, em * 0.45f);
  dl->AddRect(top_left(box), bottom_right(box), focused ? hymy::kiosk::colors::kAccent : hymy::kiosk::colors::kBorder,
              em * 0.45f, 0, em * (focused ? 0.08f : 0.05f));
  ImFont* font = ctx.fonts.body;
  const float pad = em * 0.6f;
  const float line_h = font->FontSize * 1.18f;
  if (s.empty()) {
    text(dl, font, box.x0 + pad + em * 0.2f, box.y0 + pad, IM_COL32(0x5D, 0x6B, 0x72, 0x90), placeholder);
    if (focused) dl->AddRectFilled(ImVec2(box.x0 + pad, box.y0 + pad), ImVec2(box.x0 + pad + em * 0.08f, box.y0 + pad + line_h * 0.9f), hymy::kiosk::colors::kAccent);
    return;
  }
  std::vector<std::pair<const char*, const char*>> lines;
  const char* p = s.c_str();
  const char* end = p + s.size();
  while (p < end) {
    const char* e = font->CalcWordWrapPositionA(1.0f, p, end, box.width() - pad * 2 - em * 0.3f);
    if (e == p) e = p + 1;
    lines.emplace_back(p, e);
    p = e;
  }
  const auto visible = static_cast<std::size_t>(std::max(1.0f, (box.height() - pad * 1.5f) / line_h));
  const std::size_t first = lines.size() > visible ? lines.size() - visible : 0;
  float y = box.y0 + pad;
  float cursor_x = box.x0 + pad;
  for (std::size_t i = first; i < lines.size(); ++i, y += line_h) {
    dl->AddText(font, font->FontSize, ImVec2(box.x0 + pad, y), hymy::kiosk::colors::kText, lines[i].first, lines[i].second);
    cursor_x = box.x0 + pad + font->CalcTextSizeA(font->FontSize, 1e9f, 0, lines[i].first, lines[i].second).x;
  }
  if (focused)
    dl->AddRectFilled(ImVec2(cursor_x + em * 0.05f, y - line_h), ImVec2(cursor_x + em * 0.13f, y - line_h + line_h * 0.9f), hymy::kiosk::colors::kAccent);
}

void card(ImDrawList* dl, const Rect& r, float em, ImU32 fill) {
  const float round = em * 0.55f;
  dl->AddRectFilled(ImVec2(r.x0, r.y0 + em * 0.08f), ImVec2(r.x1, r.y1 + em * 0.12f), hymy::kiosk::colors::kShadow, round);
  dl->AddRectFilled(top_left(r), bottom_right(r), fill, round);
}

ButtonResult chip(const ScreenContext& ctx, const std::string& name, const Rect& r, const std::string& label,
                  bool selected, bool enabled, ImFont* font) {
  ButtonResult b = touch_button(name, r, ctx.targets);
  if (!enabled) b.clicked = false;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImFont* f = font != nullptr ? font : ctx.fonts.small_bold;
  const float round = std::min(r.height() * 0.5f, ctx.fonts.em * 0.6f);
  ImU32 fill = selected ? hymy::kiosk::colors::kAccent : hymy::kiosk::colors::kSurface;
  if (b.held && enabled) fill = selected ? hymy::kiosk::colors::kAccentPressed : hymy::kiosk::colors::kSurfacePressed;
  ImU32 ink = selected ? hymy::kiosk::colors::kOnAccent : hymy::kiosk::colors::kText;
  if (!enabled) {
    fill = selected ? IM_COL32(0x9F, 0xB4, 0xB5, 255) : IM_COL32(0xF1, 0xF3, 0xF3, 255);
    ink = selected ? hymy::kiosk::colors::kOnAccent : IM_COL32(0x9A, 0xA5, 0xA8, 255);
  }
  dl->AddRectFilled(top_left(r), bottom_right(r), fill, round);
  if (!selected) dl->AddRect(top_left(r), bottom_right(r), hymy::kiosk::colors::kBorder, round, 0, std::max(1.0f, ctx.fonts.em * 0.05f));
  const std::string shown = fit(f, label, r.width() - ctx.fonts.em * 0.4f);
  const ImVec2 sz = measure_text(f, shown);
  text(dl, f, r.cx() - sz.x * 0.5f, r.cy() - sz.y * 0.5f, ink, shown);
  return b;
}

Rect draw_header(const ScreenContext& ctx, ScreenOutput& out, const std::string& title, bool back) {
  const Rect& v = ctx.viewport;
  const float em = ctx.fonts.em;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  draw_vertical_gradient(dl, v, IM_COL32(0xF4, 0xF6, 0xF5, 255), IM_COL32(0xE7, 0xEE, 0xEC, 255));
  const float h = em * 3.0f;
  dl->AddRectFilled(ImVec2(v.x0, v.y0), ImVec2(v.x1, v.y0 + h), tone::kHeader);
  out.values["staff.message"] = ctx.staff->state().message.key;  // what the screen says, for tests
  float x = v.x0 + em * 0.8f;
  const float bh = em * 2.0f, by = v.y0 + (h - bh) * 0.5f;
  if (back) {
    const std::string label = "‹  " + tr(ctx, "staff.back");
    const float w = text_width(ctx.fonts.small_bold, label) + em * 1.6f;
    const Rect r{x, by, x + w, by + bh};
    const ButtonResult b = touch_button("staff.back", r, ctx.targets);
    dl->AddRectFilled(top_left(r), bottom_right(r), IM_COL32(255, 255, 255, b.held ? 0x40 : 0x1C), bh * 0.5f);
    const ImVec2 sz = measure_text(ctx.fonts.small_bold, label);
    text(dl, ctx.fonts.small_bold, r.cx() - sz.x * 0.5f, r.cy() - sz.y * 0.5f, IM_COL32(255, 255, 255, 255), label);
    if (b.clicked) out.staff_intents.emplace_back(StaffBack{});
    x = r.x1 + em * 0.9f;
  }
  // Right: leave staff mode, and the staff screens' language when there is room for it.
  float rx = v.x1 - em * 0.8f;
  {
    const std::string label = tr(ctx, "staff.leave");
    const float w = text_width(ctx.fonts.small_bold, label) + em * 1.6f;
    const Rect r{rx - w, by, rx, by + bh};
    const ButtonResult b = touch_button("staff.leave", r, ctx.targets);
    dl->AddRectFilled(top_left(r), bottom_right(r), b.held ? IM_COL32(0xE3, 0xEB, 0xEA, 255) : IM_COL32(255, 255, 255, 255), bh * 0.5f);
    const ImVec2 sz = measure_text(ctx.fonts.small_bold, label);
    text(dl, ctx.fonts.small_bold, r.cx() - sz.x * 0.5f, r.cy() - sz.y * 0.5f, tone::kHeader, label);
    if (b.clicked) out.staff_intents.emplace_back(StaffLeave{});
    rx = r.x0 - em * 0.8f;
  }
  const auto& langs = ctx.staff->settings().languages;
  const float chip_w = em * 2.3f;
  const float langs_w = langs.size() > 1 ? static_cast<float>(langs.size()) * (chip_w + em * 0.2f) : 0.0f;
  const float title_w = text_width(ctx.fonts.strong, title);
  if (langs.size() > 1 && rx - langs_w - x >= std::min(title_w, em * 8.0f) + em * 0.8f) {
    for (auto it = langs.rbegin(); it != langs.rend(); ++it) {
      std::string code = *it;
      for (auto& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const Rect r{rx - chip_w, by + em * 0.15f, rx, by + bh - em * 0.15f};
      const bool active = *it == ctx.staff->state().language;
      const ButtonResult b = touch_button("staff.lang." + *it, r, ctx.targets);
      if (active || b.held) dl->AddRectFilled(top_left(r), bottom_right(r), IM_COL32(255, 255, 255, active ? 0x38 : 0x20), r.height() * 0.5f);
      const ImVec2 sz = measure_text(ctx.fonts.small_bold, code);
      text(dl, ctx.fonts.small_bold, r.cx() - sz.x * 0.5f, r.cy() - sz.y * 0.5f,
           active ? IM_COL32(255, 255, 255, 255) : IM_COL32(255, 255, 255, 0xA0), code);
      if (b.clicked && !active) out.staff_intents.emplace_back(StaffLanguage{*it});
      rx = r.x0 - em * 0.2f;
    }
  }
  const std::string shown = fit(ctx.fonts.strong, title, rx - x - em * 0.6f);
  const ImVec2 ts = measure_text(ctx.fonts.strong, shown);
  text(dl, ctx.fonts.strong, x, v.y0 + (h - ts.y) * 0.5f, IM_COL32(255, 255, 255, 255), shown);
  return Rect{v.x0, v.y0 + h, v.x1, v.y1};
}

float draw_message(const ScreenContext& ctx, const Rect& area) {
  const StaffMessage& m = ctx.staff->state().message;
  if (m.empty()) return area.y1;
  Args args = m.args;
  for (auto& [k, val] : args)
    if (k == "language") val = ctx.catalog.pack(val).name;
  const std::string s = format(pack(ctx).text(m.key), args);
  const float em = ctx.fonts.em;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float wrap = std::min(area.width() - em * 2.0f, em * 34.0f);
  const float th = measure_text_height(ctx.fonts.small_bold, s, wrap - em * 1.6f);
  const float h = th + em * 0.9f;
  const Rect r{area.cx() - wrap * 0.5f, area.y1 - h - em * 0.6f, area.cx() + wrap * 0.5f, area.y1 - em * 0.6f};
  const bool ok = m.key.find(".saved") != std::string::npos || m.key == "setpin.done";
  const ImU32 fill = m.error ? tone::kErrorFill : ok ? tone::kOkFill : IM_COL32(0xE4, 0xEE, 0xF0, 255);
  const ImU32 ink = m.error ? tone::kErrorText : ok ? tone::kOkText : hymy::kiosk::colors::kText;
  dl->AddRectFilled(ImVec2(r.x0, r.y0 + em * 0.06f), ImVec2(r.x1, r.y1 + em * 0.1f), hymy::kiosk::colors::kShadow, em * 0.5f);
  dl->AddRectFilled(top_left(r), bottom_right(r), fill, em * 0.5f);
  draw_text_centered(dl, ctx.fonts.small_bold, s, r.cx(), r.y0 + em * 0.45f, wrap - em * 1.6f, ink);
  return r.y0;
}

std::string decimal(const ScreenContext& ctx, double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  const std::string& sep = pack(ctx).text("format.decimal");
  if (sep != "." && sep != "format.decimal")
    if (const auto dot = s.find('.'); dot != std::string::npos) s.replace(dot, 1, sep);
  return s;
}

std::string signed_decimal(const ScreenContext& ctx, double v, int decimals) {
  const std::string s = decimal(ctx, std::fabs(v), decimals);
  if (s == decimal(ctx, 0.0, decimals)) return "±" + s;
  return (v > 0 ? "+" : "−") + s;
}

std::string percent(const ScreenContext& ctx, double share) {
  return tr(ctx, "format.percent", {{"value", decimal(ctx, share * 100.0, 0)}});
}

std::string local_time(const ScreenContext& ctx, std::int64_t utc_ms) {
  if (ctx.zone == nullptr || !TimeZone::supports(utc_ms)) return "?";
  const int minute = ctx.zone->minute_of_day(utc_ms);
  char hm[16];
  std::snprintf(hm, sizeof hm, "%02d:%02d", minute / 60, minute % 60);
  const LocalDate d = ctx.zone->date_of(utc_ms);
  if (TimeZone::supports(ctx.now_wall_ms) && d == ctx.zone->date_of(ctx.now_wall_ms)) return hm;
  char dm[48];
  std::snprintf(dm, sizeof dm, "%u.%u.%d %s", d.day, d.month, d.year, hm);
  return dm;
}

std::string ago(const ScreenContext& ctx, std::int64_t utc_ms) {
  const std::int64_t s = std::max<std::int64_t>(0, (ctx.now_wall_ms - utc_ms) / 1000);
  if (s < 60) return tr(ctx, "time.just_now");
  if (s < 3600) return tr(ctx, "time.minutes_ago", {{"n", std::to_string(s / 60)}});
  if (s < 48 * 3600) return tr(ctx, "time.hours_ago", {{"n", std::to_string(s / 3600)}});
  return tr(ctx, "time.days_ago", {{"n", std::to_string(s / 86400)}});
}

std::string bytes(const ScreenContext& ctx, std::int64_t n) {
  const double v = static_cast<double>(n);
  if (v >= 1e9) return decimal(ctx, v / 1e9, 1) + " GB";
  if (v >= 1e6) return decimal(ctx, v / 1e6, 1) + " MB";
  if (v >= 1e3) return decimal(ctx, v / 1e3, 0) + " kB";
  return std::to_string(n) + " B";
}

}  // namespace hymy::kiosk::staff_ui
