// Editing one question: its text in each offered language (tabs, a text box and the on-screen
// keyboard; a physical keyboard works too) on the left; on the right whether it is on, when it
// asks for a comment, and when it is open (always, or up to three weekly time windows).
// Also the preview: the visitors' question screen drawn from the draft, taps going nowhere.
#include <imgui.h>

#include <algorithm>

#include "flow/utf8_text.hpp"
#include "screens/staff/staff_screens.hpp"
#include "screens/staff/staff_ui.hpp"
#include "ui/keyboard.hpp"

namespace hymy::kiosk {

using namespace staff_ui;

namespace {

std::string hhmm(int minute) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
  return buf;
}

void physical_keys(std::vector<StaffIntent>& out) {
  ImGuiIO& io = ImGui::GetIO();
  std::string typed;
  for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
    const ImWchar c = io.InputQueueCharacters[i];
    if (c >= 0x20 && c != 0x7F) typed += utf8_encode(c);
  }
  if (!typed.empty()) out.emplace_back(TypeText{typed});
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) out.emplace_back(Backspace{});
}

}  // namespace

void draw_staff_edit(const ScreenContext& ctx, ScreenOutput& out) {
  const StaffFlow& sf = *ctx.staff;
  const StaffState& st = sf.state();
  const bool have = st.editing >= 0 && static_cast<std::size_t>(st.editing) < st.draft.questions.size();
  const Rect body = draw_header(ctx, out, tr(ctx, "edit.header", {{"n", std::to_string(st.editing + 1)}}));
  const float em = ctx.fonts.em;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (!have) {
    draw_text_centered(dl, ctx.fonts.body, tr(ctx, "figures.loading"), body.cx(), body.cy() - em, body.width(), hymy::kiosk::colors::kTextSoft);
    return;
  }
  const Question& q = st.draft.questions[static_cast<std::size_t>(st.editing)];
  const float m = em * 0.9f, gap = em * 0.9f;
  const bool portrait = body.height() > body.width();
  const float left_w = portrait ? body.width() - m * 2 : (body.width() - m * 2 - gap) * 0.56f;
  const Rect left{body.x0 + m, body.y0 + m, body.x0 + m + left_w, portrait ? body.y0 + body.height() * 0.55f : body.y1 - m};
  const Rect right = portrait ? Rect{body.x0 + m, left.y1 + gap, body.x1 - m, body.y1 - m}
                              : Rect{left.x1 + gap, body.y0 + m, body.x1 - m, body.y1 - m};

  // --- texts ---
  float y = left.y0;
  float x = left.x0;
  const float tab_h = em * 1.8f;
  for (const auto& lang : st.draft.languages) {
    const std::string name = ctx.catalog.pack(lang).name;
    const auto it = q.text.find(lang);
    const bool empty = it == q.text.end() || it->second.empty();
    const float w = text_width(ctx.fonts.small_bold, name) + em * (empty ? 2.4f : 1.6f);
    const Rect r{x, y, x + w, y + tab_h};
    if (chip(ctx, "edit.lang." + lang, r, name, lang == st.edit_language).clicked)
      out.staff_intents.emplace_back(EditLanguage{lang});
    if (empty) dl->AddCircleFilled(ImVec2(r.x1 - em * 0.45f, r.y0 + em * 0.4f), em * 0.18f, tone::kDown, 12);
    x = r.x1 + em * 0.4f;
  }
  y += tab_h + em * 0.5f;
  const auto it = q.text.find(st.edit_language);
  const std::string current = it != q.text.end() ? it->second : "";
  const Rect box{left.x0, y, left.x1, y + em * 3.3f};
  text_box(ctx, box, current, tr(ctx, "edit.placeholder", {{"language", ctx.catalog.pack(st.edit_language).name}}));
  const std::string count = std::to_string(utf8_count(current)) + " / " + std::to_string(kMaxQuestionTextChars);
  text(dl, ctx.fonts.small, box.x1 - text_width(ctx.fonts.small, count) - em * 0.5f, box.y1 - em * 0.85f, hymy::kiosk::colors::kTextSoft, count);
  y = box.y1 + em * 0.5f;
  CommentDraft keys = st.keys;
  keys.text = current;
  for (Intent& i : draw_keyboard(Rect{left.x0, y, left.x1, left.y1}, ctx.catalog.pack(st.edit_language), keys, ctx.fonts, ctx.targets)) {
    std::visit([&](auto&& k) {
      using T = std::decay_t<decltype(k)>;
      if constexpr (std::is_same_v<T, TypeText> || std::is_same_v<T, Backspace> || std::is_same_v<T, ToggleShift> ||
                    std::is_same_v<T, ToggleSymbols>)
        out.staff_intents.emplace_back(k);
    }, i);
  }
  physical_keys(out.staff_intents);

  // --- rules ---
  card(dl, right, em);
  const float rx = right.x0 + em * 0.8f, rw = right.width() - em * 1.6f;
  y = right.y0 + em * 0.6f;
  const float ch = em * 1.9f;
  const auto heading = [&](const std::string& s) {
    text(dl, ctx.fonts.small_bold, rx, y, hymy::kiosk::colors::kTextSoft, s);
    y += ctx.fonts.small_bold->FontSize * 1.5f;
  };
  heading(tr(ctx, "edit.shown"));
  {
    const float w = (rw - em * 0.4f) / 2.0f;
    if (chip(ctx, "edit.on", Rect{rx, y, rx + w, y + ch}, tr(ctx, "questions.on"), q.enabled).clicked && !q.enabled)
      out.staff_intents.emplace_back(ToggleQuestion{st.editing});
    if (chip(ctx, "edit.off", Rect{rx + w + em * 0.4f, y, rx + rw, y + ch}, tr(ctx, "questions.off"), !q.enabled).clicked && q.enabled)
      out.staff_intents.emplace_back(ToggleQuestion{st.editing});
    y += ch + em * 0.7f;
  }
  heading(tr(ctx, "edit.follow_up"));
  {
    struct Opt { const char* name; const char* label; FollowUp rule; };
    const Opt opts[5] = {{"edit.ask.never", "edit.ask_never", {FollowUp::Kind::never, 0}},
                         {"edit.ask.1", "edit.ask_1", {FollowUp::Kind::at_most, 1}},
                         {"edit.ask.2", "edit.ask_2", {FollowUp::Kind::at_most, 2}},
                         {"edit.ask.3", "edit.ask_3", {FollowUp::Kind::at_most, 3}},
                         {"edit.ask.always", "edit.ask_always", {FollowUp::Kind::always, 0}}};
    const float w = (rw - em * 0.8f) / 3.0f;
    for (int i = 0; i < 5; ++i) {
      const float cx = rx + static_cast<float>(i % 3) * (w + em * 0.4f);
      const float cy = y + static_cast<float>(i / 3) * (ch + em * 0.4f);
      const bool sel = q.follow_up == opts[i].rule;
      if (chip(ctx, opts[i].name, Rect{cx, cy, cx + w, cy + ch}, tr(ctx, opts[i].label), sel).clicked && !sel)
        out.staff_intents.emplace_back(SetFollowUp{opts[i].rule});
    }
    y += ch * 2 + em * 0.4f + em * 0.7f;
  }
  heading(tr(ctx, "edit.schedule"));
  {
    const bool always = q.schedule.windows.empty();
    const float w = (rw - em * 0.4f) / 2.0f;
    if (chip(ctx, "edit.always", Rect{rx, y, rx + w, y + ch}, tr(ctx, "edit.always_open"), always).clicked && !always)
      out.staff_intents.emplace_back(SetAlwaysOpen{true});
    if (chip(ctx, "edit.times", Rect{rx + w + em * 0.4f, y, rx + rw, y + ch}, tr(ctx, "edit.at_times"), !always).clicked && always)
      out.staff_intents.emplace_back(SetAlwaysOpen{false});
    y += ch + em * 0.5f;
    const float sh = em * 1.6f;
    for (std::size_t wi = 0; wi < q.schedule.windows.size(); ++wi) {
      const ScheduleWindow& win = q.schedule.windows[wi];
      const int iw = static_cast<int>(wi);
      const std::string p = "edit.window." + std::to_string(wi);
      // Days row.
      const float dw = (rw - sh - em * 0.3f * 7) / 7.0f;
      for (int d = 0; d < 7; ++d) {
        const float dx = rx + static_cast<float>(d) * (dw + em * 0.3f);
        const bool on = (win.days >> d) & 1;
        if (chip(ctx, p + ".day." + std::to_string(d), Rect{dx, y, dx + dw, y + sh}, tr(ctx, "day." + std::to_string(d)), on).clicked)
          out.staff_intents.emplace_back(ToggleDay{iw, d});
      }
      if (chip(ctx, p + ".remove", Rect{rx + rw - sh, y, rx + rw, y + sh}, "×", false, true, ctx.fonts.strong).clicked)
        out.staff_intents.emplace_back(RemoveWindow{iw});
      y += sh + em * 0.3f;
      // Times row: from [-] 08:00 [+]   to [-] 16:00 [+]
      float tx = rx;
      for (int e = 0; e < 2; ++e) {
        const bool end = e == 1;
        const std::string lbl = tr(ctx, end ? "edit.to" : "edit.from");
        text(dl, ctx.fonts.small, tx, y + (sh - ctx.fonts.small->FontSize) * 0.5f, hymy::kiosk::colors::kTextSoft, lbl);
        tx += text_width(ctx.fonts.small, lbl) + em * 0.3f;
        const std::string side = p + (end ? ".to" : ".from");
        if (chip(ctx, side + ".minus", Rect{tx, y, tx + sh, y + sh}, "−", false, true, ctx.fonts.strong).clicked)
          out.staff_intents.emplace_back(ShiftTime{iw, end, -kTimeStepMinutes});
        tx += sh + em * 0.2f;
        const std::string t = hhmm(end ? win.to_minute : win.from_minute);
        const float twid = text_width(ctx.fonts.strong, "00:00");
        text(dl, ctx.fonts.strong, tx + (twid - text_width(ctx.fonts.strong, t)) * 0.5f, y + (sh - ctx.fonts.strong->FontSize) * 0.5f,
             hymy::kiosk::colors::kText, t);
        tx += twid + em * 0.2f;
        if (chip(ctx, side + ".plus", Rect{tx, y, tx + sh, y + sh}, "+", false, true, ctx.fonts.strong).clicked)
          out.staff_intents.emplace_back(ShiftTime{iw, end, +kTimeStepMinutes});
        tx += sh + em * 0.9f;
      }
      y += sh + em * 0.6f;
    }
    if (!always && q.schedule.windows.size() < kMaxWindows) {
      const std::string add = "+ " + tr(ctx, "edit.add_time");
      if (chip(ctx, "edit.add_window", Rect{rx, y, rx + text_width(ctx.fonts.small_bold, add) + em * 1.6f, y + sh}, add, false).clicked)
        out.staff_intents.emplace_back(AddWindow{});
    }
  }

  // Done and preview at the bottom of the rules card.
  const float bh = em * 2.3f;
  const float by = right.y1 - em * 0.7f - bh;
  const float bw = (rw - em * 0.5f) / 2.0f;
  if (text_button("button.preview", Rect{rx, by, rx + bw, by + bh}, tr(ctx, "questions.preview"), ctx.fonts.button,
                  ButtonStyle::secondary, ctx.targets).clicked)
    out.staff_intents.emplace_back(PreviewQuestion{st.editing});
  if (text_button("button.done", Rect{rx + bw + em * 0.5f, by, rx + rw, by + bh}, tr(ctx, "edit.done"), ctx.fonts.button,
                  ButtonStyle::primary, ctx.targets).clicked)
    out.staff_intents.emplace_back(EditDone{});
  out.values["edit.text"] = current;
  out.values["edit.language"] = st.edit_language;
  draw_message(ctx, body);
}

void draw_staff_preview(const ScreenContext& ctx, ScreenOutput& out) {
  const StaffState& st = ctx.staff->state();
  const float em = ctx.fonts.em;
  if (st.preview_index < 0 || static_cast<std::size_t>(st.preview_index) >= st.draft.questions.size()) return;
  // The visitors' own screen over the draft, so the preview cannot drift from the real thing.
  QuestionSet set = st.draft;
  set.questions[static_cast<std::size_t>(st.preview_index)].enabled = true;
  set.questions[static_cast<std::size_t>(st.preview_index)].schedule = Schedule{};
  Now now;
  now.mono_ms = ctx.now_mono_ms;
  now.wall_ms = ctx.now_wall_ms;
  Flow preview(ctx.flow.settings(), set, now);
  preview.preview(Screen::question, st.language, now, set.questions[static_cast<std::size_t>(st.preview_index)].id);
  Targets scratch;  // the preview's faces are not targets: a tap there records nothing
  const float banner_h = em * 2.6f;
  const Rect above{ctx.viewport.x0, ctx.viewport.y0, ctx.viewport.x1, ctx.viewport.y1 - banner_h};
  ScreenContext pc{preview, ctx.catalog, ctx.fonts, scratch, above};
  pc.show_face_labels = ctx.show_face_labels;
  ScreenOutput ignored;
  draw_question_screen(pc, ignored);

  // A bar along the bottom that says this is a preview, with the way back.
  const Rect& v = ctx.viewport;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float h = banner_h;
  const float y0 = v.y1 - h;
  dl->AddRectFilled(ImVec2(v.x0, y0), ImVec2(v.x1, v.y1), IM_COL32(0x24, 0x4F, 0x53, 0xF0));
  const std::string label = tr(ctx, "preview.banner");
  text(dl, ctx.fonts.small_bold, v.x0 + em * 1.0f, y0 + (h - ctx.fonts.small_bold->FontSize) * 0.5f, IM_COL32(255, 255, 255, 255), label);
  const std::string close = tr(ctx, "preview.close");
  const float w = text_width(ctx.fonts.small_bold, close) + em * 1.8f;
  const Rect r{v.x1 - em * 0.8f - w, y0 + em * 0.35f, v.x1 - em * 0.8f, v.y1 - em * 0.35f};
  if (chip(ctx, "staff.back", r, close, false).clicked) out.staff_intents.emplace_back(StaffBack{});
  out.values["preview.question"] = set.questions[static_cast<std::size_t>(st.preview_index)].id;
}

}  // namespace hymy::kiosk
