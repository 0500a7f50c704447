// Font baking (see fonts.hpp).
#include "platform/fonts.hpp"

#include <imgui.h>

#include <array>
#include <cmath>
#include <fstream>
#include <stdexcept>

namespace hymy::kiosk {
namespace {

// Latin with extensions (Finnish, Swedish, Sámi names, most of Europe), punctuation, euro, and
// of the arrows and technical symbols only those the screens draw (the staff screens' up/down
// chips and the PIN pad's erase key): every glyph is baked at six sizes, and the two whole
// blocks were a quarter of the atlas's glyphs.
const ImWchar kRanges[] = {0x0020, 0x024F, 0x2010, 0x2027, 0x2030, 0x203A, 0x20AC, 0x20AC,
                           0x2190, 0x2193, 0x2212, 0x2212, 0x232B, 0x232B, 0};

ImFont* add(const std::string& path, float px) {
  ImFontConfig cfg;
  cfg.OversampleH = px > 40.0f ? 1 : 2;  // large glyphs need no sub-pixel help
  cfg.OversampleV = 1;
  cfg.PixelSnapH = true;
  ImFont* f = ImGui::GetIO().Fonts->AddFontFromFileTTF(path.c_str(), std::round(px), &cfg, kRanges);
  if (f == nullptr) throw std::runtime_error("cannot load font " + path);
  return f;
}

}  // namespace

void check_font_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("font file " + path + ": cannot be read (missing? install fonts-dejavu-core or set kiosk.font)");
  std::array<unsigned char, 4> magic{};
  in.read(reinterpret_cast<char*>(magic.data()), 4);
  const bool ttf = magic == std::array<unsigned char, 4>{0, 1, 0, 0};
  const bool otf = magic == std::array<unsigned char, 4>{'O', 'T', 'T', 'O'};
  const bool tru = magic == std::array<unsigned char, 4>{'t', 'r', 'u', 'e'};
  if (!in || !(ttf || otf || tru))
    throw std::runtime_error("font file " + path + ": expected a TrueType or OpenType font, found something else");
}

Fonts build_fonts(const FontFiles& files, float em) {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  atlas->Clear();
  atlas->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;  // GL 3 takes any height; saves up to half
  Fonts f;
  f.em = em;
  f.body = add(files.regular, em * kBodyEm);  // the first font is ImGui's default
  f.small = add(files.regular, em * kSmallEm);
  f.button = add(files.bold, em * kButtonEm);
  f.title = add(files.bold, em * kTitleEm);
  f.strong = add(files.bold, em * kBodyEm);
  f.small_bold = add(files.bold, em * kSmallEm);
  if (!atlas->Build()) throw std::runtime_error("cannot build the font atlas");
  return f;
}

}  // namespace hymy::kiosk
