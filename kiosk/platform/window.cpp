// GLFW window, GL context, ImGui backends and the input queue (see window.hpp).
#include "platform/window.hpp"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <atomic>
#include <cfloat>
#include <cmath>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <string>

// Last: Xlib's macros (None, Bool, Status...) must not meet the headers above.
#include <GL/glx.h>

namespace hymy::kiosk {
namespace {

// GLX_MESA_copy_sub_buffer: presents a rectangle of the back buffer.
using CopySubBuffer = void (*)(Display*, GLXDrawable, int x, int y, int width, int height);
struct PixelRect {
  int x = 0, y = 0, width = 0, height = 0;  // GL's origin: bottom left
};

// Software renderers (Mesa's llvmpipe and softpipe) shade every pixel on the CPU, and there
// frames that only animate a corner redraw and present just that corner. A GPU redraws the
// whole frame in no time and its swaps wait for the display, so there it is not worth tearing.
CopySubBuffer software_sub_buffer_copy() {
  const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  const std::string r = renderer != nullptr ? renderer : "";
  const bool software = r.find("llvmpipe") != std::string::npos || r.find("softpipe") != std::string::npos;
  if (!software || glXGetCurrentDisplay() == nullptr || !glfwExtensionSupported("GLX_MESA_copy_sub_buffer"))
    return nullptr;
  return reinterpret_cast<CopySubBuffer>(glfwGetProcAddress("glXCopySubBufferMESA"));
}

std::string g_glfw_error;
void on_glfw_error(int code, const char* text) {
  g_glfw_error = std::string(text) + " (GLFW error " + std::to_string(code) + ")";
}

struct InputEvent {
  enum class Kind { cursor, button, character, key } kind;
  float x = 0, y = 0;
  bool down = false;
  char32_t cp = 0;
  int key = 0;
};

}  // namespace

struct Window::Impl {
  GLFWwindow* window = nullptr;
  std::deque<InputEvent> queue;
  ImVec2 mouse_pos{-FLT_MAX, -FLT_MAX};
  bool mouse_down = false;
  bool had_input = false;
  bool fullscreen = false;
  GLuint font_texture = 0;  // ours, not the backend's (see upload_fonts)
  // Partial presentation (see end_frame): the driver's sub-rectangle copy, or null.
  CopySubBuffer copy_sub_buffer = nullptr;
  std::optional<PixelRect> presented_damage;  // of the frame drawn last, if only that was drawn
  int full_width = 0, full_height = 0;  // of the last whole frame

  static Impl* from(GLFWwindow* w) { return static_cast<Impl*>(glfwGetWindowUserPointer(w)); }

  // The GLFW callbacks: real devices and scripts both arrive here.
  static void cursor_cb(GLFWwindow* w, double x, double y) {
    from(w)->push({InputEvent::Kind::cursor, static_cast<float>(x), static_cast<float>(y)});
  }
  static void button_cb(GLFWwindow* w, int button, int action, int /*mods*/) {
    if (button != GLFW_MOUSE_BUTTON_LEFT) return;  // a touch is the left button
    InputEvent e{InputEvent::Kind::button};
    e.down = action == GLFW_PRESS;
    Impl* self = from(w);
    double x = 0, y = 0;
    glfwGetCursorPos(w, &x, &y);
    // A touch may arrive without a prior motion event: place the pointer first.
    if (e.down && self->queue.empty()) self->push({InputEvent::Kind::cursor, static_cast<float>(x), static_cast<float>(y)});
    self->push(e);
  }
  static void char_cb(GLFWwindow* w, unsigned int cp) {
    InputEvent e{InputEvent::Kind::character};
    e.cp = cp;
    from(w)->push(e);
  }
  static void key_cb(GLFWwindow* w, int key, int /*scancode*/, int action, int /*mods*/) {
    if (key < 0 || key >= 512 || action == GLFW_REPEAT) return;
    InputEvent e{InputEvent::Kind::key};
    e.key = key;
    e.down = action == GLFW_PRESS;
    from(w)->push(e);
  }

  void push(const InputEvent& e) {
    queue.push_back(e);
    had_input = true;
  }

  void apply(ImGuiIO& io) {
    while (!queue.empty()) {
      const InputEvent e = queue.front();
      queue.pop_front();
      bool stop = false;
      switch (e.kind) {
        case InputEvent::Kind::cursor: mouse_pos = ImVec2(e.x, e.y); break;
        case InputEvent::Kind::button: mouse_down = e.down; stop = true; break;
        case InputEvent::Kind::character: io.AddInputCharacter(static_cast<unsigned int>(e.cp)); break;
        case InputEvent::Kind::key: io.KeysDown[e.key] = e.down; stop = true; break;
      }
      if (stop) break;  // the rest waits for the next frame
    }
    io.MousePos = mouse_pos;
    io.MouseDown[0] = mouse_down;
    io.MouseDown[1] = io.MouseDown[2] = false;
  }
};

Window::Window(const WindowOptions& options) : impl_(new Impl) {
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit()) {
    delete impl_;
    throw std::runtime_error("cannot start GLFW: " + g_glfw_error);
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  // ImGui draws flat 2D: no depth or stencil buffer (GLFW asks for both by default).
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
  GLFWmonitor* monitor = options.fullscreen ? glfwGetPrimaryMonitor() : nullptr;
  int w = options.width, h = options.height;
  if (monitor != nullptr) {
    const GLFWvidmode* mode = glfwGetVideoMode(monitor);
    w = mode->width;
    h = mode->height;
    glfwWindowHint(GLFW_RED_BITS, mode->redBits);
    glfwWindowHint(GLFW_GREEN_BITS, mode->greenBits);
    glfwWindowHint(GLFW_BLUE_BITS, mode->blueBits);
    glfwWindowHint(GLFW_REFRESH_RATE, mode->refreshRate);
  } else {
    glfwWindowHint(GLFW_RESIZABLE, GLFW_TRUE);
  }
  impl_->window = glfwCreateWindow(w, h, options.title.c_str(), monitor, nullptr);
  if (impl_->window == nullptr) {
    glfwTerminate();
    delete impl_;
    throw std::runtime_error("cannot open a " + std::to_string(w) + "x" + std::to_string(h) +
                             " OpenGL 3 window: " + g_glfw_error);
  }
  glfwMakeContextCurrent(impl_->window);
  glfwSwapInterval(options.vsync ? 1 : 0);
  impl_->copy_sub_buffer = software_sub_buffer_copy();
  glfwSetWindowUserPointer(impl_->window, impl_);
  // A touch kiosk shows no pointer; a development window keeps it.
  if (options.fullscreen) glfwSetInputMode(impl_->window, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);
  impl_->fullscreen = options.fullscreen;
  // In full screen the kiosk is closed only through staff mode (behind the PIN), not by a window
  // manager's close shortcut; SIGTERM from the service manager still stops it.
  glfwSetWindowCloseCallback(impl_->window, [](GLFWwindow* win) {
    if (Impl::from(win)->fullscreen) glfwSetWindowShouldClose(win, GLFW_FALSE);
  });

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
  // Our callbacks feed ImGui (install_callbacks = false), so scripted and real input share a path.
  ImGui_ImplGlfw_InitForOpenGL(impl_->window, false);
  ImGui_ImplOpenGL3_Init("#version 130");
  // The backend makes its shaders and an RGBA font texture on its first frame, and again after a
  // DestroyDeviceObjects. Make them now, while the atlas holds only ImGui's small default font,
  // and drop that texture: upload_fonts() uploads the kiosk's own atlas.
  ImGui_ImplOpenGL3_CreateDeviceObjects();
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  io.Fonts->Clear();
  glfwSetCursorPosCallback(impl_->window, Impl::cursor_cb);
  glfwSetMouseButtonCallback(impl_->window, Impl::button_cb);
  glfwSetCharCallback(impl_->window, Impl::char_cb);
  glfwSetKeyCallback(impl_->window, Impl::key_cb);
}

Window::~Window() {
  if (impl_->font_texture != 0) glDeleteTextures(1, &impl_->font_texture);
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(impl_->window);
  glfwTerminate();
  delete impl_;
}

bool Window::should_close() const { return glfwWindowShouldClose(impl_->window) != 0; }

void Window::leave_fullscreen(int width, int height) {
  if (!impl_->fullscreen) return;
  impl_->fullscreen = false;
  glfwSetWindowMonitor(impl_->window, nullptr, 40, 40, width, height, GLFW_DONT_CARE);
  glfwSetInputMode(impl_->window, GLFW_CURSOR, GLFW_CURSOR_NORMAL);
}

bool Window::fullscreen() const { return impl_->fullscreen; }
void Window::poll_events() { glfwPollEvents(); }
void Window::wait_events(double timeout_s) {
  if (timeout_s <= 0) glfwPollEvents();
  else glfwWaitEventsTimeout(timeout_s);
}
void Window::wake() { glfwPostEmptyEvent(); }

bool Window::take_input_flag() {
  const bool had = impl_->had_input || !impl_->queue.empty();
  impl_->had_input = false;
  return had;
}

void Window::inject_cursor(float x, float y) { Impl::cursor_cb(impl_->window, x, y); }
void Window::inject_button(bool down) {
  Impl::button_cb(impl_->window, GLFW_MOUSE_BUTTON_LEFT, down ? GLFW_PRESS : GLFW_RELEASE, 0);
}
void Window::inject_char(char32_t cp) { Impl::char_cb(impl_->window, static_cast<unsigned int>(cp)); }
bool Window::inject_key(const std::string& name) {
  int key = -1;
  if (name == "backspace") key = GLFW_KEY_BACKSPACE;
  else if (name == "enter") key = GLFW_KEY_ENTER;
  else if (name == "escape") key = GLFW_KEY_ESCAPE;
  else if (name == "tab") key = GLFW_KEY_TAB;
  if (key < 0) return false;
  Impl::key_cb(impl_->window, key, 0, GLFW_PRESS, 0);
  Impl::key_cb(impl_->window, key, 0, GLFW_RELEASE, 0);
  return true;
}

void Window::begin_frame() {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();  // display size, time; its polled mouse state is replaced below
  impl_->apply(ImGui::GetIO());
  ImGui::NewFrame();
}

void Window::end_frame(const std::optional<Rect>& damage) {
  ImGui::Render();
  ImDrawData* data = ImGui::GetDrawData();
  int fw = 0, fh = 0;
  glfwGetFramebufferSize(impl_->window, &fw, &fh);
  glViewport(0, 0, fw, fh);
  glClearColor(0.95f, 0.95f, 0.93f, 1.0f);
  impl_->presented_damage.reset();
  const bool partial = damage && impl_->copy_sub_buffer != nullptr && fw == impl_->full_width && fh == impl_->full_height;
  if (partial) {
    // Whole pixels, so the backend's integer scissors cover exactly this rectangle.
    const ImVec4 d(std::floor(damage->x0), std::floor(damage->y0), std::ceil(damage->x1), std::ceil(damage->y1));
    for (int i = 0; i < data->CmdListsCount; ++i)
      for (ImDrawCmd& cmd : data->CmdLists[i]->CmdBuffer) {
        ImVec4& c = cmd.ClipRect;  // commands clipped to nothing are skipped by the backend
        c = ImVec4(std::max(c.x, d.x), std::max(c.y, d.y), std::min(c.z, d.z), std::min(c.w, d.w));
      }
    const ImVec2 pos = data->DisplayPos, scale = data->FramebufferScale;
    const int x0 = std::clamp(static_cast<int>((d.x - pos.x) * scale.x), 0, fw);
    const int y0 = std::clamp(static_cast<int>((d.y - pos.y) * scale.y), 0, fh);
    const int x1 = std::clamp(static_cast<int>((d.z - pos.x) * scale.x), x0, fw);
    const int y1 = std::clamp(static_cast<int>((d.w - pos.y) * scale.y), y0, fh);
    glEnable(GL_SCISSOR_TEST);
    glScissor(x0, fh - y1, x1 - x0, y1 - y0);
    glClear(GL_COLOR_BUFFER_BIT);
    glDisable(GL_SCISSOR_TEST);
    impl_->presented_damage = PixelRect{x0, fh - y1, x1 - x0, y1 - y0};
  } else {
    glClear(GL_COLOR_BUFFER_BIT);
    impl_->full_width = fw;
    impl_->full_height = fh;
  }
  ImGui_ImplOpenGL3_RenderDrawData(data);
}

void Window::swap() {
  if (const auto& d = impl_->presented_damage) {
    impl_->copy_sub_buffer(glXGetCurrentDisplay(), glXGetCurrentDrawable(), d->x, d->y, d->width, d->height);
    return;
  }
  glfwSwapBuffers(impl_->window);
}

std::vector<std::uint8_t> Window::read_pixels(int& width, int& height) {
  glfwGetFramebufferSize(impl_->window, &width, &height);
  std::vector<std::uint8_t> rgb(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, rgb.data());
  // GL's first row is the bottom one.
  const std::size_t row = static_cast<std::size_t>(width) * 3;
  for (int y = 0; y < height / 2; ++y)
    std::swap_ranges(rgb.begin() + static_cast<std::ptrdiff_t>(row * static_cast<std::size_t>(y)),
                     rgb.begin() + static_cast<std::ptrdiff_t>(row * static_cast<std::size_t>(y + 1)),
                     rgb.begin() + static_cast<std::ptrdiff_t>(row * static_cast<std::size_t>(height - 1 - y)));
  return rgb;
}

ImVec2 Window::size() const {
  int w = 0, h = 0;
  glfwGetWindowSize(impl_->window, &w, &h);
  return ImVec2(static_cast<float>(w), static_cast<float>(h));
}

float Window::content_scale() const {
  float x = 1, y = 1;
  glfwGetWindowContentScale(impl_->window, &x, &y);
  return x;
}

// The atlas is coverage only, so it goes to GL as one 8-bit channel that the backend's shader
// reads as white with that alpha (texture swizzle, GL 3.3 or ARB_texture_swizzle): a quarter of
// the backend's RGBA upload, which llvmpipe keeps in the process's memory. ImGui's CPU copies
// are freed afterwards; only the glyph tables are needed to draw text.
void Window::upload_fonts() {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  GLint major = 0, minor = 0;
  glGetIntegerv(GL_MAJOR_VERSION, &major);
  glGetIntegerv(GL_MINOR_VERSION, &minor);
  const bool swizzle = major > 3 || (major == 3 && minor >= 3) || glfwExtensionSupported("GL_ARB_texture_swizzle");

  GLint last_texture = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &last_texture);
  if (impl_->font_texture == 0) glGenTextures(1, &impl_->font_texture);
  glBindTexture(GL_TEXTURE_2D, impl_->font_texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  if (swizzle) {
    atlas->GetTexDataAsAlpha8(&pixels, &width, &height);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_R, GL_ONE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_G, GL_ONE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_B, GL_ONE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_A, GL_RED);
  } else {
    atlas->GetTexDataAsRGBA32(&pixels, &width, &height);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
  }
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(last_texture));
  atlas->SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(impl_->font_texture)));
  atlas->ClearTexData();
}

}  // namespace hymy::kiosk
