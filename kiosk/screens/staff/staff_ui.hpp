// What the staff screens share: the header (back, title, language, leave), cards, chips, the
// message line, and formatting of numbers, times and sizes in the staff's language.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "screens/screen.hpp"
#include "ui/widgets.hpp"

namespace hymy::kiosk::staff_ui {

using Args = std::vector<std::pair<std::string, std::string>>;

const LanguagePack& pack(const ScreenContext& ctx);
std::string tr(const ScreenContext& ctx, const std::string& key, const Args& args = {});

// Background, then the header bar; returns the area below it for the screen's body.
Rect draw_header(const ScreenContext& ctx, ScreenOutput& out, const std::string& title, bool back = true);
// The flow's message for this screen (if any) as a pill at the bottom of `area`; returns its top.
float draw_message(const ScreenContext& ctx, const Rect& area);

void card(ImDrawList* dl, const Rect& r, float em, ImU32 fill = colors::kSurface);
// A small rounded toggle or choice; `selected` fills it with the accent colour.
ButtonResult chip(const ScreenContext& ctx, const std::string& name, const Rect& r, const std::string& label,
                  bool selected, bool enabled = true, ImFont* font = nullptr);
float text_width(ImFont* font, const std::string& s);
void text(ImDrawList* dl, ImFont* font, float x, float y, ImU32 col, const std::string& s, float wrap = 0);
// A text being typed: a framed box, the text wrapped (its end visible when long), a cursor, and
// `placeholder` while empty.
void text_box(const ScreenContext& ctx, const Rect& box, const std::string& s, const std::string& placeholder,
              bool focused = true);
// `s` cut with an ellipsis to fit `width`.
std::string fit(ImFont* font, const std::string& s, float width);

std::string decimal(const ScreenContext& ctx, double v, int decimals);
std::string percent(const ScreenContext& ctx, double share);
std::string signed_decimal(const ScreenContext& ctx, double v, int decimals);
std::string local_time(const ScreenContext& ctx, std::int64_t utc_ms);  // "14:05" today, else "23.11. 14:05"
std::string ago(const ScreenContext& ctx, std::int64_t utc_ms);         // "12 min ago"
std::string bytes(const ScreenContext& ctx, std::int64_t n);            // "1,4 GB"

namespace tone {
inline constexpr ImU32 kUp = hymy::kiosk::colors::rgb(0x2E, 0x8A, 0x55);
inline constexpr ImU32 kDown = hymy::kiosk::colors::rgb(0xC2, 0x4D, 0x3F);
inline constexpr ImU32 kWarnFill = hymy::kiosk::colors::rgb(0xFC, 0xEE, 0xDC);
inline constexpr ImU32 kWarnText = hymy::kiosk::colors::rgb(0x8A, 0x4B, 0x0C);
inline constexpr ImU32 kErrorFill = hymy::kiosk::colors::rgb(0xFB, 0xE4, 0xE1);
inline constexpr ImU32 kErrorText = hymy::kiosk::colors::rgb(0x9B, 0x2C, 0x21);
inline constexpr ImU32 kOkFill = hymy::kiosk::colors::rgb(0xE2, 0xF3, 0xE8);
inline constexpr ImU32 kOkText = hymy::kiosk::colors::rgb(0x1F, 0x6B, 0x3E);
inline constexpr ImU32 kHeader = hymy::kiosk::colors::rgb(0x24, 0x4F, 0x53);
inline constexpr ImU32 kTrack = hymy::kiosk::colors::rgb(0xEA, 0xEF, 0xEE);
}  // namespace tone

}  // namespace hymy::kiosk::staff_ui
