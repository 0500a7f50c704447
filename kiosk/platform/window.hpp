// The only corner of the kiosk that knows GLFW and OpenGL: the window and GL context, the ImGui
// backends, input (real or scripted, through the same callbacks), sleeping until something
// happens, font textures and reading back pixels for screenshots.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ui/targets.hpp"

namespace hymy::kiosk {

struct WindowOptions {
  bool fullscreen = true;  // on the primary monitor, at its current mode
  int width = 1280;        // windowed size
  int height = 800;
  bool vsync = true;
  std::string title = "Hymy";
};

class Window {
 public:
  // Throws std::runtime_error with GLFW's own words (e.g. no display).
  explicit Window(const WindowOptions& options);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  // In full screen, close requests from the window manager are refused (see the constructor).
  bool should_close() const;
  // Maintenance (staff mode, behind the PIN): an ordinary window of this size, pointer shown.
  void leave_fullscreen(int width, int height);
  bool fullscreen() const;
  // Process pending events; or sleep until one arrives or `timeout_s` passes.
  void poll_events();
  void wait_events(double timeout_s);
  // Thread-safe: wakes a sleeping wait_events() (the storage thread calls it).
  static void wake();
  // True if input arrived since the last call.
  bool take_input_flag();

  // Scripted input goes through the same GLFW callbacks as the real thing.
  void inject_cursor(float x, float y);
  void inject_button(bool down);
  void inject_char(char32_t cp);
  // "backspace", "enter", "escape", "tab"; false if the name is unknown.
  bool inject_key(const std::string& name);

  // Starts an ImGui frame: backend bookkeeping, then queued input (at most one button change per
  // frame, so a tap shorter than a frame is still a press and a release).
  void begin_frame();
  // Renders ImGui's draw data into the back buffer; swap() presents it. `damage` (window
  // coordinates) says that nothing outside it changed since the last frame: on a software
  // renderer only that rectangle is then redrawn and presented (GLX_MESA_copy_sub_buffer); the
  // back buffer's pixels outside it stay those of the frames before. Elsewhere it is ignored.
  void end_frame(const std::optional<Rect>& damage = std::nullopt);
  void swap();
  // Reads the rendered frame (before swapping) as RGB rows, top row first.
  std::vector<std::uint8_t> read_pixels(int& width, int& height);

  ImVec2 size() const;
  float content_scale() const;
  // Call after changing fonts in the ImGui atlas.
  void upload_fonts();

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace hymy::kiosk
