// Bakes the kiosk's fonts (regular and bold TTF from a Debian font package) at the sizes of the
// theme's roles. A missing or unreadable font is a clear start-up error, not a crash.
#pragma once

#include <string>

#include "ui/theme.hpp"

namespace hymy::kiosk {

struct FontFiles {
  std::string regular;
  std::string bold;
};

// Throws std::runtime_error naming the file if it is missing or not a TrueType/OpenType font.
void check_font_file(const std::string& path);
// Rebuilds ImGui's font atlas for `em` pixels per em; upload with Window::upload_fonts().
Fonts build_fonts(const FontFiles& files, float em);

}  // namespace hymy::kiosk
