// Staff mode's dispatch: the visitor flow is on its staff screen, the staff flow says which one.
#include "screens/staff/staff_screens.hpp"

namespace hymy::kiosk {

void draw_staff_screen(const ScreenContext& ctx, ScreenOutput& out) {
  if (ctx.staff == nullptr) return;
  switch (ctx.staff->state().screen) {
    case StaffScreen::set_pin:
    case StaffScreen::pin: draw_staff_pin(ctx, out); break;
    case StaffScreen::home: draw_staff_home(ctx, out); break;
    case StaffScreen::figures: draw_staff_figures(ctx, out); break;
    case StaffScreen::questions: draw_staff_questions(ctx, out); break;
    case StaffScreen::edit: draw_staff_edit(ctx, out); break;
    case StaffScreen::preview: draw_staff_preview(ctx, out); break;
    case StaffScreen::feedback: draw_staff_feedback(ctx, out); break;
    case StaffScreen::health: draw_staff_health(ctx, out); break;
  }
}

}  // namespace hymy::kiosk
