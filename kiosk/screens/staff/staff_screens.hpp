// The staff screens, one function each; draw_staff_screen (screens.cpp) picks the one the staff
// flow is on. Like the visitors' screens they draw from state and return intents.
#pragma once

#include <string>

#include "screens/screen.hpp"

namespace hymy::kiosk {

void draw_staff_pin(const ScreenContext& ctx, ScreenOutput& out);        // pin and set-pin
void draw_staff_home(const ScreenContext& ctx, ScreenOutput& out);
void draw_staff_figures(const ScreenContext& ctx, ScreenOutput& out);
void draw_staff_questions(const ScreenContext& ctx, ScreenOutput& out);
void draw_staff_edit(const ScreenContext& ctx, ScreenOutput& out);
void draw_staff_preview(const ScreenContext& ctx, ScreenOutput& out);
void draw_staff_feedback(const ScreenContext& ctx, ScreenOutput& out);
void draw_staff_health(const ScreenContext& ctx, ScreenOutput& out);

// "Mon–Fri 08:00–16:00" in the staff's language, or "always open".
std::string schedule_summary(const ScreenContext& ctx, const Schedule& s);

}  // namespace hymy::kiosk
