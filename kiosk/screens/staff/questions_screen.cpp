// The question list: each question with its text in the staff's language, what it asks after
// the rating and when it is open, and large controls to reorder, switch on/off, edit, preview and
// remove. Saving makes a new version. A set managed by HQ is shown read-only with a notice.
#include <imgui.h>

#include <algorithm>

#include "screens/staff/staff_screens.hpp"
#include "screens/staff/staff_ui.hpp"

namespace hymy::kiosk {

using namespace staff_ui;

namespace {

std::string follow_up_summary(const ScreenContext& ctx, const FollowUp& f) {
  switch (f.kind) {
    case FollowUp::Kind::never: return tr(ctx, "questions.comment_never");
    case FollowUp::Kind::always: return tr(ctx, "questions.comment_always");
    case FollowUp::Kind::at_most: return tr(ctx, "questions.comment_at_most", {{"rating", std::to_string(f.threshold)}});
  }
  return "";
}

std::string hhmm(int minute) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
  return buf;
}

}  // namespace

std::string schedule_summary(const ScreenContext& ctx, const Schedule& s) {
  if (s.windows.empty()) return tr(ctx, "questions.always_open");
  std::string out;
  for (const auto& w : s.windows) {
    std::string days;
    for (int d = 0; d < 7; ++d) {
      if (!((w.days >> d) & 1)) continue;
      // Runs of days read as "Mon–Fri".
      int e = d;
      while (e + 1 < 7 && ((w.days >> (e + 1)) & 1)) ++e;
      const std::string a = tr(ctx, "day." + std::to_string(d));
      days += (days.empty() ? "" : ", ") + (e - d >= 2 ? a + "–" + tr(ctx, "day." + std::to_string(e))
                                                       : e == d ? a : a + ", " + tr(ctx, "day." + std::to_string(e)));
      d = e;
    }
    out += (out.empty() ? "" : "; ") + days + " " + hhmm(w.from_minute) + "–" + hhmm(w.to_minute);
  }
  return out;
}

void draw_staff_questions(const ScreenContext& ctx, ScreenOutput& out) {
  const StaffFlow& sf = *ctx.staff;
  const StaffState& st = sf.state();
  const Rect body = draw_header(ctx, out, tr(ctx, "questions.header"));
  const float em = ctx.fonts.em;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (!st.saved) {
    draw_text_centered(dl, ctx.fonts.body, tr(ctx, "figures.loading"), body.cx(), body.cy() - em, body.width(), hymy::kiosk::colors::kTextSoft);
    draw_message(ctx, body);
    return;
  }
  const bool ro = sf.read_only();
  const bool can = !ro && !st.busy;
  const float m = em * 0.9f;
  float y = body.y0 + m;
  const float x0 = body.x0 + m, x1 = body.x1 - m;

  if (ro) {  // HQ decides these questions: say so before anything else
    const std::string notice = tr(ctx, "questions.hq_notice");
    const float h = measure_text_height(ctx.fonts.small_bold, notice, x1 - x0 - em * 3.0f) + em * 0.9f;
    dl->AddRectFilled(ImVec2(x0, y), ImVec2(x1, y + h), tone::kWarnFill, em * 0.5f);
    dl->AddCircleFilled(ImVec2(x0 + em * 0.9f, y + h * 0.5f), em * 0.38f, tone::kWarnText, 24);
    text(dl, ctx.fonts.small_bold, x0 + em * 0.82f, y + h * 0.5f - ctx.fonts.small_bold->FontSize * 0.5f, tone::kWarnFill, "i");
    text(dl, ctx.fonts.small_bold, x0 + em * 1.7f, y + em * 0.45f, tone::kWarnText, notice, x1 - x0 - em * 3.0f);
    y += h + em * 0.6f;
    out.values["questions.read_only"] = "1";
  } else {
    out.values["questions.read_only"] = "0";
  }

  // Footer: version and the actions.
  const float bh = em * 2.4f;
  const float fy = body.y1 - m - bh;
  const Rect list{x0, y, x1, fy - em * 0.7f};
  card(dl, list, em);
  const auto& qs = st.draft.questions;
  const float row_h = std::min(em * 3.1f, (list.height() - em * 0.4f) / static_cast<float>(std::max<std::size_t>(qs.size(), 4)));
  float ry = list.y0 + em * 0.2f;
  const float chip_h = std::min(em * 2.0f, row_h - em * 0.6f);
  for (std::size_t i = 0; i < qs.size(); ++i, ry += row_h) {
    const Question& q = qs[i];
    const int idx = static_cast<int>(i);
    const std::string n = std::to_string(i);
    const float cy = ry + row_h * 0.5f;
    if (i > 0) dl->AddLine(ImVec2(list.x0 + em * 0.6f, ry), ImVec2(list.x1 - em * 0.6f, ry), IM_COL32(0x23, 0x30, 0x38, 0x14), 1.0f);
    // Number badge.
    const float br = em * 0.55f;
    dl->AddCircleFilled(ImVec2(list.x0 + em * 0.6f + br, cy), br, q.enabled ? hymy::kiosk::colors::kAccent : IM_COL32(0xB8, 0xC2, 0xC4, 255), 24);
    const std::string num = std::to_string(i + 1);
    const ImVec2 ns = measure_text(ctx.fonts.small_bold, num);
    text(dl, ctx.fonts.small_bold, list.x0 + em * 0.6f + br - ns.x * 0.5f, cy - ns.y * 0.5f, hymy::kiosk::colors::kOnAccent, num);

    // Controls from the right: remove, preview, edit, on/off, down, up.
    float cx = list.x1 - em * 0.6f;
    const auto place = [&](float w) {
      const Rect r{cx - w, cy - chip_h * 0.5f, cx, cy + chip_h * 0.5f};
      cx = r.x0 - em * 0.35f;
      return r;
    };
    if (chip(ctx, "q." + n + ".remove", place(chip_h), "×", false, can, ctx.fonts.strong).clicked)
      out.staff_intents.emplace_back(RemoveQuestion{idx});
    if (chip(ctx, "q." + n + ".preview", place(em * 4.6f), tr(ctx, "questions.preview"), false).clicked)
      out.staff_intents.emplace_back(PreviewQuestion{idx});
    if (chip(ctx, "q." + n + ".edit", place(em * 4.0f), tr(ctx, "questions.edit"), false, can).clicked)
      out.staff_intents.emplace_back(EditQuestion{idx});
    if (chip(ctx, "q." + n + ".toggle", place(em * 3.6f), tr(ctx, q.enabled ? "questions.on" : "questions.off"), q.enabled, can).clicked)
      out.staff_intents.emplace_back(ToggleQuestion{idx});
    if (chip(ctx, "q." + n + ".down", place(chip_h), "↓", false, can && i + 1 < qs.size(), ctx.fonts.strong).clicked)
      out.staff_intents.emplace_back(MoveQuestion{idx, +1});
    if (chip(ctx, "q." + n + ".up", place(chip_h), "↑", false, can && i > 0, ctx.fonts.strong).clicked)
      out.staff_intents.emplace_back(MoveQuestion{idx, -1});

    const float tx = list.x0 + em * 1.2f + br * 2;
    const float tw = cx - tx - em * 0.4f;
    const auto it = q.text.find(st.language);
    const std::string qt = it != q.text.end() && !it->second.empty() ? it->second
                           : !q.text.empty() && !q.text.begin()->second.empty() ? q.text.begin()->second
                                                                                : tr(ctx, "questions.untitled");
    const float line = ctx.fonts.body->FontSize * 1.2f;
    const bool two_lines = row_h >= em * 2.4f;
    const float ty = two_lines ? cy - (line + ctx.fonts.small->FontSize) * 0.5f : cy - line * 0.5f;
    text(dl, ctx.fonts.body, tx, ty, q.enabled ? hymy::kiosk::colors::kText : hymy::kiosk::colors::kTextSoft, fit(ctx.fonts.body, qt, tw));
    if (two_lines) {
      const std::string detail = follow_up_summary(ctx, q.follow_up) + "  ·  " + schedule_summary(ctx, q.schedule);
      text(dl, ctx.fonts.small, tx, ty + line, hymy::kiosk::colors::kTextSoft, fit(ctx.fonts.small, detail, tw));
    }
    out.values["questions." + n + ".id"] = q.id;
    out.values["questions." + n + ".enabled"] = q.enabled ? "1" : "0";
  }
  out.values["questions.count"] = std::to_string(qs.size());
  out.values["questions.dirty"] = st.dirty ? "1" : "0";

  // Footer.
  const std::string version = tr(ctx, st.saved_source == "hq" ? "questions.version_hq" : "questions.version_local",
                                 {{"version", std::to_string(st.saved->version)}}) +
                              (st.dirty ? "  ·  " + tr(ctx, "questions.unsaved") : "");
  text(dl, ctx.fonts.small_bold, x0, fy + (bh - ctx.fonts.small_bold->FontSize) * 0.5f,
       st.dirty ? tone::kWarnText : hymy::kiosk::colors::kTextSoft, version);
  float fx = x1;
  const auto footer_button = [&](const char* name, const std::string& label, ButtonStyle style, bool enabled) {
    const float w = text_width(ctx.fonts.button, label) + em * 2.2f;
    const Rect r{fx - w, fy, fx, fy + bh};
    fx = r.x0 - em * 0.6f;
    return text_button(name, r, label, ctx.fonts.button, style, ctx.targets, enabled).clicked;
  };
  if (footer_button("button.save", tr(ctx, "questions.save"), ButtonStyle::primary, can && st.dirty))
    out.staff_intents.emplace_back(SaveQuestions{});
  if (st.dirty && footer_button("button.discard", tr(ctx, "questions.discard"), ButtonStyle::quiet, !st.busy))
    out.staff_intents.emplace_back(DiscardQuestions{});
  if (footer_button("button.add", "+ " + tr(ctx, "questions.add"), ButtonStyle::secondary, can && qs.size() < kMaxQuestions))
    out.staff_intents.emplace_back(EditQuestion{-1});
  draw_message(ctx, Rect{body.x0, body.y0, body.x1, fy - em * 0.2f});
}

}  // namespace hymy::kiosk
