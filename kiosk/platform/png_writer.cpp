// PNG writing through Debian's libstb, which exports stbi_write_png.
#include "platform/png_writer.hpp"

#include <stb_image_write.h>

namespace hymy::kiosk {

std::string write_png(const std::string& path, int width, int height, const std::vector<std::uint8_t>& rgb) {
  if (rgb.size() < static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3)
    return "no pixels to write";
  if (stbi_write_png(path.c_str(), width, height, 3, rgb.data(), width * 3) == 0)
    return "cannot write " + path;
  return "";
}

}  // namespace hymy::kiosk
