// The question screen: the question in large type, four faces, the language switch, progress
// dots for a visit of several questions and a "that's all" button once something is answered.
#include <imgui.h>

#include <algorithm>

#include "screens/screen.hpp"
#include "ui/face.hpp"
#include "ui/widgets.hpp"

namespace hymy::kiosk {

void draw_question_screen(const ScreenContext& ctx, ScreenOutput& out) {
  const FlowState& st = ctx.flow.state();
  const Question* q = ctx.flow.current_question();
  const LanguagePack& pack = ctx.catalog.pack(st.language);
  const Rect& v = ctx.viewport;
  const float em = ctx.fonts.em;
  ImDrawList* dl = ImGui::GetWindowDrawList();

  draw_background(v, false);
  draw_language_switch(ctx, false, out.intents);
  if (q == nullptr) return;

  const bool multi = st.question_count > 1;
  const bool footer = multi || st.answers_in_visit > 0;
  const float top = top_bar_bottom(ctx);
  const float bottom = v.y1 - (footer ? em * 4.0f : em * 1.2f);
  const float margin = em * 1.5f;
  const float width = v.width() - margin * 2;

  // Faces: as large as the room allows; one row in landscape, two by two in portrait.
  const bool portrait = v.height() > v.width() * 1.2f;
  const int cols = portrait ? 2 : 4, rows = portrait ? 2 : 1;
  const float column = width / static_cast<float>(cols);
  const float text_wrap = std::min(width * 0.9f, em * 36.0f);
  const std::string& text = question_text(ctx.flow.question_set(), *q, st.language);
  const float text_h = measure_text_height(ctx.fonts.title, text, text_wrap);
  float label_h = 0;
  if (ctx.show_face_labels)
    for (int r = 1; r <= 4; ++r)
      label_h = std::max(label_h, measure_text_height(ctx.fonts.body, pack.text("face." + std::to_string(r)), column * 0.92f));
  const float gap = em * 2.0f, label_gap = em * 0.8f, row_gap = em * 1.4f;
  const float room = (bottom - top - text_h - gap - row_gap * static_cast<float>(rows - 1)) / static_cast<float>(rows) -
                     label_gap - label_h;
  const float diameter = std::clamp(std::min(column * (portrait ? 0.62f : 0.78f), room * 0.92f), em * 3.0f, em * 10.0f);
  const float cell_h = diameter + label_gap + label_h;
  const float block = text_h + gap + cell_h * static_cast<float>(rows) + row_gap * static_cast<float>(rows - 1);
  const float y0 = top + std::max(0.0f, (bottom - top - block) * 0.5f);

  draw_text_centered(dl, ctx.fonts.title, text, v.cx(), y0, text_wrap, colors::kText);

  const float row_w = std::min(width, std::max(diameter * 1.5f, column) * static_cast<float>(cols));
  const float col_w = row_w / static_cast<float>(cols);
  for (int rating = 1; rating <= 4; ++rating) {
    const int col = (rating - 1) % cols, row = (rating - 1) / cols;
    const float cx = v.cx() - row_w * 0.5f + col_w * (static_cast<float>(col) + 0.5f);
    const float face_y = y0 + text_h + gap + (cell_h + row_gap) * static_cast<float>(row);
    // The whole cell (face and label) is the target: generous for a finger.
    const Rect target{cx - col_w * 0.5f + em * 0.2f, face_y - em * 0.4f, cx + col_w * 0.5f - em * 0.2f,
                      face_y + cell_h + em * 0.3f};
    const ButtonResult b = touch_button("face." + std::to_string(rating), target, ctx.targets);
    const bool chosen = st.chosen_rating && *st.chosen_rating == rating;
    const bool dimmed = st.chosen_rating && !chosen;
    const float radius = diameter * 0.5f * (b.held ? 0.94f : 1.0f);
    const ImVec2 center(cx, face_y + diameter * 0.5f);
    if (chosen)
      dl->AddCircle(center, diameter * 0.5f + em * 0.35f, colors::kFace[rating - 1], 96, em * 0.22f);
    draw_face(dl, center, radius, rating, dimmed);
    if (ctx.show_face_labels)
      draw_text_centered(dl, ctx.fonts.body, pack.text("face." + std::to_string(rating)), cx,
                         face_y + diameter + label_gap, col_w * 0.92f,
                         dimmed ? IM_COL32(0x5D, 0x6B, 0x72, 0x70) : colors::kTextSoft);
    if (b.clicked) out.intents.emplace_back(Rate{rating});
  }

  if (multi) {  // where the visitor is in the visit
    const float r = em * 0.28f, step = em * 1.1f;
    float x = v.cx() - step * static_cast<float>(st.question_count - 1) * 0.5f;
    const float y = v.y1 - em * 2.0f;
    for (int i = 0; i < st.question_count; ++i, x += step) {
      if (i == st.question_position) dl->AddCircleFilled(ImVec2(x, y), r * 1.25f, colors::kAccent, 24);
      else dl->AddCircle(ImVec2(x, y), r, colors::kTextSoft, 24, em * 0.08f);
    }
  }
  if (st.answers_in_visit > 0) {
    const std::string& label = pack.text("question.finish");
    const float w = measure_text(ctx.fonts.button, label).x + em * 2.6f, h = em * 2.6f;
    const Rect r{v.x1 - em * 1.2f - w, v.y1 - em * 1.0f - h, v.x1 - em * 1.2f, v.y1 - em * 1.0f};
    if (text_button("button.finish", r, label, ctx.fonts.button, ButtonStyle::secondary, ctx.targets).clicked)
      out.intents.emplace_back(FinishVisit{});
  }
}

}  // namespace hymy::kiosk
