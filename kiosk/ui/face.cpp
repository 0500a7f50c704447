// Vector faces (see face.hpp). Coordinates are in units of the radius, y down.
#include "ui/face.hpp"

#include <algorithm>
#include <cmath>

#include "ui/theme.hpp"

namespace hymy::kiosk {
namespace {

ImU32 mix(ImU32 a, ImU32 b, float t) {
  const ImVec4 x = ImGui::ColorConvertU32ToFloat4(a);
  const ImVec4 y = ImGui::ColorConvertU32ToFloat4(b);
  return ImGui::ColorConvertFloat4ToU32(ImVec4(x.x + (y.x - x.x) * t, x.y + (y.y - x.y) * t,
                                               x.z + (y.z - x.z) * t, x.w + (y.w - x.w) * t));
}

// ImGui strokes have square ends; a dot on each end rounds them off.
void stroke_curve(ImDrawList* dl, ImVec2 a, ImVec2 b, ImVec2 c, ImVec2 d, ImU32 ink, float w) {
  dl->AddBezierCubic(a, b, c, d, ink, w, 32);
  dl->AddCircleFilled(a, w * 0.5f, ink, 12);
  dl->AddCircleFilled(d, w * 0.5f, ink, 12);
}

void stroke_line(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 ink, float w) {
  dl->AddLine(a, b, ink, w);
  dl->AddCircleFilled(a, w * 0.5f, ink, 12);
  dl->AddCircleFilled(b, w * 0.5f, ink, 12);
}

}  // namespace

void draw_face(ImDrawList* dl, ImVec2 c, float r, int rating, bool dimmed) {
  const int i = std::clamp(rating, 1, 4) - 1;
  ImU32 fill = colors::kFace[i];
  ImU32 ink = colors::kFaceInk;
  if (dimmed) {
    fill = mix(fill, IM_COL32(0xE4, 0xE8, 0xE8, 255), 0.65f);
    ink = mix(ink, IM_COL32(0xE4, 0xE8, 0xE8, 255), 0.55f);
  }
  const auto P = [&](float x, float y) { return ImVec2(c.x + x * r, c.y + y * r); };
  const int segments = std::clamp(static_cast<int>(r * 0.9f), 32, 128);

  // A soft shadow below, the face, and a darker rim so light faces hold their edge on a light
  // background.
  dl->AddCircleFilled(P(0.0f, 0.06f), r * 1.01f, IM_COL32(0x1C, 0x33, 0x36, dimmed ? 0x08 : 0x1E), segments);
  dl->AddCircleFilled(c, r, fill, segments);
  dl->AddCircle(c, r * 0.985f, mix(fill, IM_COL32(0, 0, 0, 255), 0.12f), segments, r * 0.035f);

  const float stroke = r * 0.085f;
  const float eye_r = r * 0.095f;
  switch (rating) {
    case 1:  // very dissatisfied: sad brows, deep frown
      dl->AddCircleFilled(P(-0.33f, -0.18f), eye_r, ink, 24);
      dl->AddCircleFilled(P(0.33f, -0.18f), eye_r, ink, 24);
      stroke_line(dl, P(-0.5f, -0.38f), P(-0.2f, -0.5f), ink, stroke * 0.8f);
      stroke_line(dl, P(0.5f, -0.38f), P(0.2f, -0.5f), ink, stroke * 0.8f);
      stroke_curve(dl, P(-0.42f, 0.52f), P(-0.25f, 0.16f), P(0.25f, 0.16f), P(0.42f, 0.52f), ink, stroke);
      break;
    case 2:  // dissatisfied: a slight frown
      dl->AddCircleFilled(P(-0.32f, -0.2f), eye_r, ink, 24);
      dl->AddCircleFilled(P(0.32f, -0.2f), eye_r, ink, 24);
      stroke_curve(dl, P(-0.36f, 0.44f), P(-0.16f, 0.3f), P(0.16f, 0.3f), P(0.36f, 0.44f), ink, stroke);
      break;
    case 3:  // satisfied: a gentle smile
      dl->AddCircleFilled(P(-0.32f, -0.2f), eye_r, ink, 24);
      dl->AddCircleFilled(P(0.32f, -0.2f), eye_r, ink, 24);
      stroke_curve(dl, P(-0.38f, 0.26f), P(-0.18f, 0.48f), P(0.18f, 0.48f), P(0.38f, 0.26f), ink, stroke);
      break;
    default: {  // very satisfied: laughing eyes and a broad open smile
      stroke_curve(dl, P(-0.5f, -0.14f), P(-0.44f, -0.36f), P(-0.2f, -0.36f), P(-0.14f, -0.14f), ink, stroke * 0.85f);
      stroke_curve(dl, P(0.14f, -0.14f), P(0.2f, -0.36f), P(0.44f, -0.36f), P(0.5f, -0.14f), ink, stroke * 0.85f);
      dl->PathClear();
      dl->PathLineTo(P(-0.48f, 0.14f));
      dl->PathBezierCubicCurveTo(P(-0.4f, 0.72f), P(0.4f, 0.72f), P(0.48f, 0.14f), 40);
      dl->PathFillConvex(ink);
      // The tongue-coloured lower half keeps it a smile rather than a hole.
      dl->PathClear();
      dl->PathLineTo(P(-0.24f, 0.48f));
      dl->PathBezierCubicCurveTo(P(-0.12f, 0.36f), P(0.12f, 0.36f), P(0.24f, 0.48f), 16);
      dl->PathBezierCubicCurveTo(P(0.12f, 0.58f), P(-0.12f, 0.58f), P(-0.24f, 0.48f), 16);
      dl->PathFillConvex(mix(fill, IM_COL32(0xE0, 0x5A, 0x5A, 255), 0.6f));
      break;
    }
  }
}

}  // namespace hymy::kiosk
