// A small driver for a real headless Chromium over the DevTools protocol on a pipe
// (--remote-debugging-pipe: JSON messages ended by NUL on fds 3 and 4), so the browser tests can
// sign in through the real form, read the rendered DOM and take screenshots with nothing but the
// browser itself. Every wait has a deadline; the browser's whole process group is killed at the
// end if it does not close by itself.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace hymy::testing {

class Chromium {
 public:
  // The browser binary (HYMY_CHROMIUM, /usr/bin/chromium, /usr/bin/chromium-browser), if any.
  static std::optional<std::string> find();

  // Starts the browser with a fresh profile in `profile_dir` and opens one blank page.
  // Throws std::runtime_error when it cannot start or does not answer within `timeout`.
  Chromium(const std::string& binary, const std::filesystem::path& profile_dir, int width, int height,
           std::chrono::milliseconds timeout = std::chrono::seconds(60));
  ~Chromium();
  Chromium(const Chromium&) = delete;
  Chromium& operator=(const Chromium&) = delete;

  // Sends a DevTools command (to the page unless `browser_level`) and returns its "result";
  // throws on an error reply or when no reply comes within the timeout.
  nlohmann::json call(const std::string& method, const nlohmann::json& params = nlohmann::json::object(),
                      bool browser_level = false);

  // Evaluates a JavaScript expression in the page (DevTools evaluation, not subject to the
  // page's CSP) and returns its value.
  nlohmann::json evaluate(const std::string& expression);
  // Polls `expression` until it is true or the deadline passes; false on timeout.
  bool wait_for(const std::string& expression, std::chrono::milliseconds timeout);
  // Navigates and waits until the document at a URL starting with `url` has loaded.
  void navigate(const std::string& url);
  // A PNG of the viewport, or of the whole page (cut at `max_height` pixels when that is > 0).
  std::string screenshot_png(bool full_page, int max_height = 0);

  std::chrono::milliseconds timeout() const { return timeout_; }

 private:
  nlohmann::json receive(int id, std::chrono::steady_clock::time_point deadline);

  pid_t pid_ = -1;
  int to_browser_ = -1;
  int from_browser_ = -1;
  std::string buffer_;
  int next_id_ = 1;
  std::string session_id_;
  std::chrono::milliseconds timeout_;
};

}  // namespace hymy::testing
