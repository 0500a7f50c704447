// Staff mode's home: four large tiles (today's figures, questions, spoken feedback, device
// health) and the maintenance corner (change PIN, leave full screen, close the kiosk), which is
// reachable only here, behind the PIN.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "screens/staff/staff_screens.hpp"
#include "screens/staff/staff_ui.hpp"
#include "ui/face.hpp"

namespace hymy::kiosk {

using namespace staff_ui;

namespace {


// Small line icons for the tiles, drawn in a circle of radius r.
void tile_icon(ImDrawList* dl, int which, ImVec2 c, float r) {
  const ImU32 ink = hymy::kiosk::colors::kAccent;
  const float t = r * 0.12f;
  dl->AddCircleFilled(c, r, IM_COL32(0xE1, 0xEC, 0xEB, 255), 48);
  switch (which) {
    case 0: {  // bars
      const float w = r * 0.22f;
      const float hs[3] = {0.5f, 0.9f, 0.7f};
      for (int i = 0; i < 3; ++i) {
        const float x = c.x - r * 0.45f + static_cast<float>(i) * r * 0.35f;
        dl->AddRectFilled(ImVec2(x, c.y + r * 0.45f - r * hs[i]), ImVec2(x + w, c.y + r * 0.45f), ink, w * 0.25f);
      }
      break;
    }
    case 1: {  // list
      for (int i = 0; i < 3; ++i) {
        const float y = c.y - r * 0.35f + static_cast<float>(i) * r * 0.35f;
        dl->AddCircleFilled(ImVec2(c.x - r * 0.42f, y), t * 0.8f, ink, 12);
        dl->AddLine(ImVec2(c.x - r * 0.22f, y), ImVec2(c.x + r * 0.48f, y), ink, t);
      }
      break;
    }
    case 2: {  // speech bubble
      dl->AddRect(ImVec2(c.x - r * 0.5f, c.y - r * 0.4f), ImVec2(c.x + r * 0.5f, c.y + r * 0.25f), ink, r * 0.15f, 0, t);
      dl->AddTriangleFilled(ImVec2(c.x - r * 0.25f, c.y + r * 0.2f), ImVec2(c.x - r * 0.05f, c.y + r * 0.2f),
                            ImVec2(c.x - r * 0.32f, c.y + r * 0.52f), ink);
      break;
    }
    default: {  // pulse line
      const ImVec2 pts[6] = {{c.x - r * 0.55f, c.y}, {c.x - r * 0.22f, c.y}, {c.x - r * 0.08f, c.y - r * 0.42f},
                             {c.x + r * 0.1f, c.y + r * 0.4f}, {c.x + r * 0.24f, c.y}, {c.x + r * 0.55f, c.y}};
      dl->AddPolyline(pts, 6, ink, 0, t);
      break;
    }
  }
}

}  // namespace

void draw_staff_home(const ScreenContext& ctx, ScreenOutput& out) {
  const Rect body = draw_header(ctx, out, tr(ctx, "home.header"), false);
  const float em = ctx.fonts.em;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const StaffState& st = ctx.staff->state();

  const float margin = em * 1.2f;
  const float maint_h = em * 4.2f;
  const Rect grid{body.x0 + margin, body.y0 + margin, body.x1 - margin, body.y1 - maint_h - margin};
  const bool portrait = body.height() > body.width() * 1.1f;
  const int cols = portrait ? 1 : 2, rows = portrait ? 4 : 2;
  const float gap = em * 0.9f;
  const float tw = (grid.width() - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
  const float th = (grid.height() - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows);
  struct Tile { const char* name; StaffScreen screen; const char* title; const char* sub; };
  const Tile tiles[4] = {{"tile.figures", StaffScreen::figures, "home.figures", "home.figures_sub"},
                         {"tile.questions", StaffScreen::questions, "home.questions", "home.questions_sub"},
                         {"tile.feedback", StaffScreen::feedback, "home.feedback", "home.feedback_sub"},
                         {"tile.health", StaffScreen::health, "home.health", "home.health_sub"}};
  for (int i = 0; i < 4; ++i) {
    const int col = i % cols, row = i / cols;
    const Rect r{grid.x0 + static_cast<float>(col) * (tw + gap), grid.y0 + static_cast<float>(row) * (th + gap),
                 grid.x0 + static_cast<float>(col) * (tw + gap) + tw, grid.y0 + static_cast<float>(row) * (th + gap) + th};
    const ButtonResult b = touch_button(tiles[i].name, r, ctx.targets);
    card(dl, r, em, b.held ? hymy::kiosk::colors::kSurfacePressed : hymy::kiosk::colors::kSurface);
    const float ir = std::min(em * 1.5f, r.height() * 0.3f);
    tile_icon(dl, i, ImVec2(r.x0 + em * 0.9f + ir, r.cy()), ir);
    const float tx = r.x0 + em * 1.8f + ir * 2;
    const float wrap = r.x1 - tx - em * 2.2f;
    const std::string title = tr(ctx, tiles[i].title), sub = tr(ctx, tiles[i].sub);
    const float h1 = measure_text_height(ctx.fonts.button, title, wrap);
    const float h2 = measure_text_height(ctx.fonts.small, sub, wrap);
    const float ty = r.cy() - (h1 + em * 0.25f + h2) * 0.5f;
    text(dl, ctx.fonts.button, tx, ty, hymy::kiosk::colors::kText, title, wrap);
    text(dl, ctx.fonts.small, tx, ty + h1 + em * 0.25f, hymy::kiosk::colors::kTextSoft, sub, wrap);
    // a chevron
    const float cx = r.x1 - em * 1.1f, cy = r.cy(), s = em * 0.3f;
    dl->AddLine(ImVec2(cx - s * 0.5f, cy - s), ImVec2(cx + s * 0.5f, cy), hymy::kiosk::colors::kTextSoft, em * 0.09f);
    dl->AddLine(ImVec2(cx + s * 0.5f, cy), ImVec2(cx - s * 0.5f, cy + s), hymy::kiosk::colors::kTextSoft, em * 0.09f);
    if (b.clicked) out.staff_intents.emplace_back(StaffGo{tiles[i].screen});
  }

  // Maintenance: quiet buttons in a strip at the bottom.
  const float by = body.y1 - maint_h + em * 0.6f, bh = em * 2.3f;
  const std::string head = tr(ctx, "home.maintenance");
  text(dl, ctx.fonts.small_bold, body.x0 + margin, by + (bh - ctx.fonts.small_bold->FontSize) * 0.5f,
       hymy::kiosk::colors::kTextSoft, head);
  float x = body.x0 + margin + text_width(ctx.fonts.small_bold, head) + em * 1.0f;
  struct Maint { const char* name; const char* label; StaffIntent intent; };
  const Maint items[3] = {{"button.change_pin", "home.change_pin", StaffChangePin{}},
                          {"button.windowed", "home.windowed", StaffWindowed{}},
                          {"button.quit", "home.quit", StaffQuit{}}};
  for (const auto& m : items) {
    const std::string label = tr(ctx, m.label);
    const float w = text_width(ctx.fonts.small_bold, label) + em * 1.8f;
    const Rect r{x, by, x + w, by + bh};
    if (r.x1 > body.x1 - margin) break;
    if (chip(ctx, m.name, r, label, false).clicked) out.staff_intents.push_back(m.intent);
    x = r.x1 + em * 0.6f;
  }
  (void)st;
  draw_message(ctx, Rect{body.x0, body.y0, body.x1, body.y1 - maint_h});
}

}  // namespace hymy::kiosk
