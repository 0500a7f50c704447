// The follow-up comment: "Would you like to tell us more?", a note asking for no names or
// identity numbers, the draft with its character count, Send and Skip, and the keyboard. A
// physical keyboard types into the same draft.
#include <imgui.h>

#include <algorithm>

#include "flow/utf8_text.hpp"
#include "screens/screen.hpp"
#include "ui/face.hpp"
#include "ui/keyboard.hpp"
#include "ui/widgets.hpp"

namespace hymy::kiosk {
namespace {

// The draft, wrapped; when it is longer than the box, the end (where the visitor types) shows.
void draw_draft(ImDrawList* dl, const ScreenContext& ctx, const Rect& box, const LanguagePack& pack) {
  const float em = ctx.fonts.em;
  const CommentDraft& draft = ctx.flow.state().comment;
  dl->AddRectFilled(ImVec2(box.x0, box.y0 + em * 0.08f), ImVec2(box.x1, box.y1 + em * 0.08f), colors::kShadow, em * 0.6f);
  dl->AddRectFilled(top_left(box), bottom_right(box), colors::kSurface, em * 0.6f);
  dl->AddRect(top_left(box), bottom_right(box), colors::kAccent, em * 0.6f, 0, em * 0.08f);
  ImFont* font = ctx.fonts.body;
  const float pad = em * 0.8f;
  const float wrap = box.width() - pad * 2;
  const float line_h = font->FontSize * 1.18f;
  if (draft.text.empty()) {
    dl->AddText(font, font->FontSize, ImVec2(box.x0 + pad + em * 0.25f, box.y0 + pad),
                IM_COL32(0x5D, 0x6B, 0x72, 0x90), pack.text("comment.placeholder").c_str());
    dl->AddRectFilled(ImVec2(box.x0 + pad, box.y0 + pad), ImVec2(box.x0 + pad + em * 0.1f, box.y0 + pad + line_h * 0.9f), colors::kAccent);
  } else {
    std::vector<std::pair<const char*, const char*>> lines;
    const char* s = draft.text.c_str();
    const char* end = s + draft.text.size();
    while (s < end) {
      const char* e = font->CalcWordWrapPositionA(1.0f, s, end, wrap - em * 0.3f);
      if (e == s) e = s + 1;
      lines.emplace_back(s, e);
      s = e;
    }
    const auto visible = static_cast<std::size_t>(std::max(1.0f, (box.height() - pad * 1.6f) / line_h));
    const std::size_t first = lines.size() > visible ? lines.size() - visible : 0;
    float y = box.y0 + pad;
    float cursor_x = box.x0 + pad;
    for (std::size_t i = first; i < lines.size(); ++i, y += line_h) {
      dl->AddText(font, font->FontSize, ImVec2(box.x0 + pad, y), colors::kText, lines[i].first, lines[i].second);
      cursor_x = box.x0 + pad + font->CalcTextSizeA(font->FontSize, 1e9f, 0, lines[i].first, lines[i].second).x;
    }
    y -= line_h;
    dl->AddRectFilled(ImVec2(cursor_x + em * 0.06f, y), ImVec2(cursor_x + em * 0.16f, y + line_h * 0.9f), colors::kAccent);
  }
  // The count against the limit, warmer as the limit nears.
  const std::size_t count = utf8_count(draft.text);
  const std::string label = format(pack.text("comment.count"),
                                   {{"count", std::to_string(count)}, {"max", std::to_string(kMaxCommentChars)}});
  const ImVec2 sz = measure_text(ctx.fonts.small, label);
  const ImU32 col = count >= kMaxCommentChars ? colors::kFace[0]
                    : count >= kMaxCommentChars - 50 ? IM_COL32(0xB8, 0x6B, 0x1E, 255) : colors::kTextSoft;
  dl->AddText(ctx.fonts.small, ctx.fonts.small->FontSize, ImVec2(box.x1 - pad - sz.x, box.y1 - pad * 0.6f - sz.y), col, label.c_str());
}

}  // namespace

void draw_comment_screen(const ScreenContext& ctx, ScreenOutput& out) {
  const FlowState& st = ctx.flow.state();
  const LanguagePack& pack = ctx.catalog.pack(st.language);
  const Rect& v = ctx.viewport;
  const float em = ctx.fonts.em;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  draw_background(v, false);
  draw_language_switch(ctx, false, out.intents);

  const float margin = em * 1.5f;
  const float x0 = v.x0 + margin, x1 = v.x1 - margin;
  const bool wide = v.width() >= em * 40.0f;  // room for the buttons beside the title

  // Send and Skip.
  const std::string& send = pack.text("comment.send");
  const std::string& skip = pack.text("comment.skip");
  const float bh = em * 2.7f;
  const float send_w = std::max(em * 7.0f, measure_text(ctx.fonts.button, send).x + em * 2.8f);
  const float skip_w = std::max(em * 6.0f, measure_text(ctx.fonts.button, skip).x + em * 2.8f);
  const float buttons_w = send_w + skip_w + em * 0.8f;

  // Title with the chosen face beside it, so the visitor sees what the comment is about.
  float y = top_bar_bottom(ctx) + em * 0.2f;
  const float face_r = em * 1.35f;
  float tx = x0;
  if (st.chosen_rating) {
    draw_face(dl, ImVec2(x0 + face_r, y + face_r), face_r, *st.chosen_rating);
    tx += face_r * 2 + em * 0.8f;
  }
  const float title_wrap = (wide ? x1 - buttons_w - em * 1.0f : x1) - tx;
  const std::string& title = pack.text("comment.title");
  const float title_h = measure_text_height(ctx.fonts.title, title, title_wrap);
  dl->AddText(ctx.fonts.title, ctx.fonts.title->FontSize, ImVec2(tx, y + std::max(0.0f, face_r - ctx.fonts.title->FontSize * 0.6f)),
              colors::kText, title.c_str(), nullptr, title_wrap);
  y += std::max(title_h, face_r * 2) + em * 0.4f;
  const std::string& note = pack.text("comment.privacy");
  const float note_wrap = (wide ? x1 - buttons_w - em * 1.0f : x1) - x0;
  // An "i" badge before the privacy note.
  const float badge = ctx.fonts.small->FontSize * 0.55f;
  dl->AddCircleFilled(ImVec2(x0 + badge, y + ctx.fonts.small->FontSize * 0.55f), badge, colors::kAccent, 24);
  dl->AddText(ctx.fonts.small, ctx.fonts.small->FontSize * 0.9f, ImVec2(x0 + badge - ctx.fonts.small->FontSize * 0.12f, y + ctx.fonts.small->FontSize * 0.1f), colors::kOnAccent, "i");
  dl->AddText(ctx.fonts.small, ctx.fonts.small->FontSize, ImVec2(x0 + badge * 2 + em * 0.4f, y), colors::kTextSoft,
              note.c_str(), nullptr, note_wrap - badge * 2 - em * 0.4f);
  const float note_h = measure_text_height(ctx.fonts.small, note, note_wrap - badge * 2 - em * 0.4f);

  Rect buttons_row;
  if (wide) {
    const float by = y + note_h - bh;
    buttons_row = Rect{x1 - buttons_w, by, x1, by + bh};
    y += note_h + em * 0.7f;
  } else {
    y += note_h + em * 0.7f;
  }
  const Rect box{x0, y, x1, y + em * 3.8f};
  draw_draft(dl, ctx, box, pack);
  y = box.y1 + em * 0.8f;
  if (!wide) {
    buttons_row = Rect{x1 - buttons_w, y, x1, y + bh};
    y += bh + em * 0.6f;
  }
  const bool has_text = !st.comment.text.empty();
  const Rect skip_r{buttons_row.x0, buttons_row.y0, buttons_row.x0 + skip_w, buttons_row.y1};
  const Rect send_r{buttons_row.x1 - send_w, buttons_row.y0, buttons_row.x1, buttons_row.y1};
  if (text_button("button.skip", skip_r, skip, ctx.fonts.button, ButtonStyle::secondary, ctx.targets).clicked)
    out.intents.emplace_back(SkipComment{});
  if (text_button("button.send", send_r, send, ctx.fonts.button, ButtonStyle::primary, ctx.targets, has_text).clicked)
    out.intents.emplace_back(SendComment{});

  const Rect kb{x0, y, x1, v.y1 - em * 0.8f};
  for (auto& i : draw_keyboard(kb, pack, st.comment, ctx.fonts, ctx.targets)) out.intents.push_back(std::move(i));

  // A physical keyboard works too: typed characters and backspace.
  ImGuiIO& io = ImGui::GetIO();
  std::string typed;
  for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
    const ImWchar c = io.InputQueueCharacters[i];
    if (c >= 0x20 && c != 0x7F) typed += utf8_encode(c);
  }
  if (!typed.empty()) out.intents.emplace_back(TypeText{typed});
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) out.intents.emplace_back(Backspace{});
}

}  // namespace hymy::kiosk
