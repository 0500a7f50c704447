// Screens draw from the flow's state and return what the visitor asked for. They never store
// anything and never include sqlite3.h or curl.h; the app passes their intents to the flow.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "flow/flow.hpp"
#include "flow/staff_flow.hpp"
#include "hymy/local_time.hpp"
#include "i18n/catalog.hpp"
#include "ui/targets.hpp"
#include "ui/theme.hpp"

namespace hymy::kiosk {

struct ScreenContext {
  const Flow& flow;
  const Catalog& catalog;
  const Fonts& fonts;
  Targets& targets;
  Rect viewport;
  double screen_age_s = 1e9;    // real seconds since this screen appeared (for animations)
  std::int64_t now_mono_ms = 0; // the flow's clock (for the thank-you countdown)
  bool show_face_labels = true;
  // Staff mode (Screen::staff): its flow, the wall clock and the unit's zone for times shown.
  const StaffFlow* staff = nullptr;
  std::int64_t now_wall_ms = 0;
  const TimeZone* zone = nullptr;
};

struct ScreenOutput {
  std::vector<Intent> intents;
  bool corner_held = false;  // the hidden staff corner is being pressed
  bool animating = false;    // wants the next frame soon even without input
  // With animating: everything that moves lies in here, so while nothing else changes a software
  // renderer redraws and presents only this rectangle (see Window::end_frame).
  std::optional<Rect> animated_area;
  std::vector<StaffIntent> staff_intents;
  // Values a screen drew, by name ("figures.tablet.count" -> "12"), so tests can compare what is
  // on screen with what hymy_core computes for the same data.
  std::map<std::string, std::string> values;
};

// Draws the screen the flow is on, into one full-viewport ImGui window.
ScreenOutput draw_screen(const ScreenContext& ctx);

// Parts shared by the screens.
void draw_background(const Rect& viewport, bool dim);
void draw_language_switch(const ScreenContext& ctx, bool dim, std::vector<Intent>& out);
const std::string& question_text(const QuestionSet& set, const Question& q, const Language& lang);
float top_bar_bottom(const ScreenContext& ctx);

void draw_question_screen(const ScreenContext& ctx, ScreenOutput& out);
void draw_comment_screen(const ScreenContext& ctx, ScreenOutput& out);
void draw_thanks_screen(const ScreenContext& ctx, ScreenOutput& out);
void draw_closed_screen(const ScreenContext& ctx, ScreenOutput& out);
void draw_failed_screen(const ScreenContext& ctx, ScreenOutput& out);
void draw_staff_screen(const ScreenContext& ctx, ScreenOutput& out);  // screens/staff/

}  // namespace hymy::kiosk
