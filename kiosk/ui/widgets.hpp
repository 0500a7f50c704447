// Drawing helpers and the touch button. A touch button acts on release inside itself (ImGui's
// default click-release behaviour) and shows only a pressed state: nothing depends on hover,
// which a finger does not have.
#pragma once

#include <imgui.h>

#include <string>

#include "ui/targets.hpp"
#include "ui/theme.hpp"

namespace hymy::kiosk {

inline ImVec2 top_left(const Rect& r) { return {r.x0, r.y0}; }
inline ImVec2 bottom_right(const Rect& r) { return {r.x1, r.y1}; }

void draw_vertical_gradient(ImDrawList* dl, const Rect& r, ImU32 top, ImU32 bottom);

// Draws `text` wrapped to `wrap_width`, each line centred on `center_x`, starting at `top`.
// Returns the height used.
float draw_text_centered(ImDrawList* dl, ImFont* font, const std::string& text, float center_x,
                         float top, float wrap_width, ImU32 color);
float measure_text_height(ImFont* font, const std::string& text, float wrap_width);
ImVec2 measure_text(ImFont* font, const std::string& text);

enum class ButtonStyle { primary, secondary, quiet, selected };

struct ButtonResult {
  bool clicked = false;  // released inside: act now
  bool held = false;     // being pressed
};

// An invisible ImGui item over `r` (so ImGui does the press/release bookkeeping) plus our own
// drawing. `name` is published in `targets` for scripted tests.
ButtonResult touch_button(const std::string& name, const Rect& r, Targets& targets);
ButtonResult text_button(const std::string& name, const Rect& r, const std::string& label,
                         ImFont* font, ButtonStyle style, Targets& targets, bool enabled = true);

}  // namespace hymy::kiosk
