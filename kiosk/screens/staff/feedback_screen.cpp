// "Record feedback given in person": praise or a complaint heard at the desk, as a rating (the
// same four faces) and a short note. Stored as a response with channel "staff", so figures count
// it apart from the visitors' own taps.
#include <imgui.h>

#include <algorithm>

#include "flow/utf8_text.hpp"
#include "screens/staff/staff_screens.hpp"
#include "screens/staff/staff_ui.hpp"
#include "ui/face.hpp"
#include "ui/keyboard.hpp"

namespace hymy::kiosk {

using namespace staff_ui;

void draw_staff_feedback(const ScreenContext& ctx, ScreenOutput& out) {
  const StaffState& st = ctx.staff->state();
  const Rect body = draw_header(ctx, out, tr(ctx, "feedback.header"));
  const float em = ctx.fonts.em;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float m = em * 0.9f, gap = em * 0.9f;
  const bool portrait = body.height() > body.width();
  const float left_w = portrait ? body.width() - m * 2 : (body.width() - m * 2 - gap) * 0.42f;
  const Rect left{body.x0 + m, body.y0 + m, body.x0 + m + left_w, portrait ? body.y0 + body.height() * 0.45f : body.y1 - m};
  const Rect right = portrait ? Rect{body.x0 + m, left.y1 + gap, body.x1 - m, body.y1 - m}
                              : Rect{left.x1 + gap, body.y0 + m, body.x1 - m, body.y1 - m};

  card(dl, left, em);
  const float lx = left.x0 + em * 0.8f, lw = left.width() - em * 1.6f;
  float y = left.y0 + em * 0.6f;
  const std::string intro = tr(ctx, "feedback.intro");
  text(dl, ctx.fonts.small, lx, y, hymy::kiosk::colors::kTextSoft, intro, lw);
  y += measure_text_height(ctx.fonts.small, intro, lw) + em * 0.6f;

  // Which question it answers, when there are several.
  if (st.saved && st.saved->questions.size() > 1) {
    text(dl, ctx.fonts.small_bold, lx, y, hymy::kiosk::colors::kTextSoft, tr(ctx, "feedback.question"));
    y += ctx.fonts.small_bold->FontSize * 1.5f;
    for (const Question& q : st.saved->questions) {
      if (!q.enabled) continue;
      const auto it = q.text.find(st.language);
      const std::string label = it != q.text.end() ? it->second : q.id;
      const float h = em * 1.7f;
      if (y + h > left.y1 - em * 9.0f) break;
      if (chip(ctx, "feedback.q." + q.id, Rect{lx, y, lx + lw, y + h}, label, q.id == st.feedback_question).clicked)
        out.staff_intents.emplace_back(FeedbackQuestion{q.id});
      y += h + em * 0.3f;
    }
    y += em * 0.4f;
  }

  text(dl, ctx.fonts.small_bold, lx, y, hymy::kiosk::colors::kTextSoft, tr(ctx, "feedback.rating"));
  y += ctx.fonts.small_bold->FontSize * 1.6f;
  const float cell = lw / 4.0f;
  const float fr = std::min(cell * 0.36f, em * 1.35f);
  for (int rating = 1; rating <= 4; ++rating) {
    const float cx = lx + cell * (static_cast<float>(rating) - 0.5f);
    const Rect r{cx - cell * 0.5f + em * 0.1f, y, cx + cell * 0.5f - em * 0.1f, y + fr * 2 + em * 1.4f};
    const ButtonResult b = touch_button("face." + std::to_string(rating), r, ctx.targets);
    const bool chosen = st.feedback_rating == rating;
    const ImVec2 c(cx, y + fr + em * 0.1f);
    if (chosen) dl->AddCircle(c, fr + em * 0.22f, hymy::kiosk::colors::kFace[rating - 1], 64, em * 0.14f);
    draw_face(dl, c, fr * (b.held ? 0.94f : 1.0f), rating, st.feedback_rating != 0 && !chosen);
    const std::string lbl = ctx.catalog.pack(st.language).text("face." + std::to_string(rating));
    draw_text_centered(dl, ctx.fonts.small, lbl, cx, y + fr * 2 + em * 0.35f, cell - em * 0.1f,
                       chosen ? hymy::kiosk::colors::kText : hymy::kiosk::colors::kTextSoft);
    if (b.clicked) out.staff_intents.emplace_back(FeedbackRating{rating});
  }

  const float bh = em * 2.5f;
  const Rect save{lx, left.y1 - em * 0.8f - bh, lx + lw, left.y1 - em * 0.8f};
  if (text_button("button.save", save, tr(ctx, "feedback.save"), ctx.fonts.button, ButtonStyle::primary, ctx.targets,
                  !st.busy && st.feedback_rating != 0).clicked)
    out.staff_intents.emplace_back(SaveFeedback{});
  const std::string apart = tr(ctx, "feedback.apart");
  const float ah = measure_text_height(ctx.fonts.small, apart, lw);
  text(dl, ctx.fonts.small, lx, save.y0 - em * 0.5f - ah, hymy::kiosk::colors::kTextSoft, apart, lw);

  // Note and keyboard.
  const Rect box{right.x0, right.y0, right.x1, right.y0 + em * 3.6f};
  text_box(ctx, box, st.feedback_note.text, tr(ctx, "feedback.placeholder"));
  const std::string count = std::to_string(utf8_count(st.feedback_note.text)) + " / " + std::to_string(kMaxCommentChars);
  text(dl, ctx.fonts.small, box.x1 - text_width(ctx.fonts.small, count) - em * 0.5f, box.y1 - em * 0.85f, hymy::kiosk::colors::kTextSoft, count);
  for (Intent& i : draw_keyboard(Rect{right.x0, box.y1 + em * 0.5f, right.x1, right.y1}, ctx.catalog.pack(st.language),
                                 st.feedback_note, ctx.fonts, ctx.targets)) {
    std::visit([&](auto&& k) {
      using T = std::decay_t<decltype(k)>;
      if constexpr (std::is_same_v<T, TypeText> || std::is_same_v<T, Backspace> || std::is_same_v<T, ToggleShift> ||
                    std::is_same_v<T, ToggleSymbols>)
        out.staff_intents.emplace_back(k);
    }, i);
  }
  ImGuiIO& io = ImGui::GetIO();
  std::string typed;
  for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
    const ImWchar c = io.InputQueueCharacters[i];
    if (c >= 0x20 && c != 0x7F) typed += utf8_encode(c);
  }
  if (!typed.empty()) out.staff_intents.emplace_back(TypeText{typed});
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) out.staff_intents.emplace_back(Backspace{});
  out.values["feedback.rating"] = std::to_string(st.feedback_rating);
  out.values["feedback.note"] = st.feedback_note.text;
  draw_message(ctx, body);
}

}  // namespace hymy::kiosk
