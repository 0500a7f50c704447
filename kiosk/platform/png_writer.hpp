// Writes screenshots as PNG (stb_image_write).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hymy::kiosk {

// `rgb` rows top first. Returns "" or what went wrong.
std::string write_png(const std::string& path, int width, int height, const std::vector<std::uint8_t>& rgb);

}  // namespace hymy::kiosk
