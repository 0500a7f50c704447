// The kiosk's look in one place: colours, the fonts of each role and the size unit. Sizes are in
// "em" (the body font's pixel size), never in pixels, so layouts hold from 800x480 to 1920x1200.
#pragma once

#include <imgui.h>

namespace hymy::kiosk {

struct Fonts {
  ImFont* small = nullptr;   // notes, counters: 0.72 em
  ImFont* body = nullptr;    // labels, subtitles: 1 em
  ImFont* button = nullptr;  // buttons and keys (bold): 1.15 em
  ImFont* title = nullptr;   // the question (bold): 1.9 em
  ImFont* strong = nullptr;  // staff screens' labels and figures (bold): 1 em
  ImFont* small_bold = nullptr;  // staff screens' headings (bold): 0.72 em
  float em = 24.0f;          // pixels per em
};

// Font roles as multiples of em; the platform layer bakes one font per role.
inline constexpr float kSmallEm = 0.72f;
inline constexpr float kBodyEm = 1.0f;
inline constexpr float kButtonEm = 1.12f;
inline constexpr float kTitleEm = 1.85f;

// em for a window: a fraction of the short side, never below a readable size at the monitor's
// content scale.
float em_for_window(float width, float height, float content_scale);

namespace colors {
inline constexpr ImU32 rgb(unsigned r, unsigned g, unsigned b, unsigned a = 255) {
  return IM_COL32(r, g, b, a);
}
inline constexpr ImU32 kBackgroundTop = rgb(0xF8, 0xF5, 0xEF);
inline constexpr ImU32 kBackgroundBottom = rgb(0xE6, 0xEE, 0xEC);
inline constexpr ImU32 kText = rgb(0x23, 0x30, 0x38);
inline constexpr ImU32 kTextSoft = rgb(0x5D, 0x6B, 0x72);
inline constexpr ImU32 kAccent = rgb(0x2C, 0x6E, 0x72);
inline constexpr ImU32 kAccentPressed = rgb(0x1F, 0x55, 0x59);
inline constexpr ImU32 kOnAccent = rgb(0xFF, 0xFF, 0xFF);
inline constexpr ImU32 kSurface = rgb(0xFF, 0xFF, 0xFF);
inline constexpr ImU32 kSurfacePressed = rgb(0xE3, 0xEB, 0xEA);
inline constexpr ImU32 kBorder = rgb(0xC8, 0xD3, 0xD2);
inline constexpr ImU32 kShadow = rgb(0x1C, 0x33, 0x36, 0x18);
inline constexpr ImU32 kClosedTop = rgb(0x2A, 0x33, 0x38);
inline constexpr ImU32 kClosedBottom = rgb(0x1C, 0x23, 0x27);
inline constexpr ImU32 kClosedText = rgb(0xD5, 0xDD, 0xDF);
inline constexpr ImU32 kClosedTextSoft = rgb(0x93, 0xA2, 0xA7);
inline constexpr ImU32 kFaceInk = rgb(0x2B, 0x2A, 0x28, 0xE6);
// Ratings 1..4: red, orange, light green, green, softened for a calm room.
inline constexpr ImU32 kFace[4] = {rgb(0xE0, 0x6C, 0x5F), rgb(0xF2, 0xA8, 0x5B),
                                   rgb(0xA9, 0xCC, 0x6A), rgb(0x4E, 0xAE, 0x73)};
}  // namespace colors

}  // namespace hymy::kiosk
