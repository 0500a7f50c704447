// The DevTools-over-pipe driver: fork/exec with the pipes on fds 3 and 4, NUL-framed JSON.
#include "chromium_driver.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <stdexcept>
#include <thread>
#include <vector>

namespace hymy::testing {
namespace {

using Clock = std::chrono::steady_clock;

std::string base64_decode(const std::string& in) {
  std::string out(in.size() / 4 * 3 + 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  if (n < 0) throw std::runtime_error("chromium: screenshot is not valid base64");
  std::size_t size = static_cast<std::size_t>(n);
  for (std::size_t i = in.size(); i > 0 && in[i - 1] == '='; --i) --size;  // EVP counts the padding
  out.resize(size);
  return out;
}

}  // namespace

std::optional<std::string> Chromium::find() {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("HYMY_CHROMIUM")) candidates.emplace_back(env);
  candidates.insert(candidates.end(), {"/usr/bin/chromium", "/usr/bin/chromium-browser"});
  for (const auto& c : candidates) {
    if (::access(c.c_str(), X_OK) == 0) return c;
  }
  return std::nullopt;
}

Chromium::Chromium(const std::string& binary, const std::filesystem::path& profile_dir, int width, int height,
                   std::chrono::milliseconds timeout)
    : timeout_(timeout) {
  int to[2], from[2];
  if (::pipe2(to, O_CLOEXEC) != 0 || ::pipe2(from, O_CLOEXEC) != 0) throw std::runtime_error("chromium: pipe failed");
  const std::string log = (profile_dir / "chromium.log").string();
  std::vector<std::string> args = {binary,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--disable-quic",
                                   "--no-first-run",
                                   "--no-default-browser-check",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--disable-extensions",
                                   "--disable-dev-shm-usage",
                                   "--hide-scrollbars",
                                   "--password-store=basic",
                                   "--user-data-dir=" + profile_dir.string(),
                                   "--window-size=" + std::to_string(width) + "," + std::to_string(height),
                                   "--remote-debugging-pipe",
                                   "about:blank"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("chromium: fork failed");
  if (pid_ == 0) {
    // Only async-signal-safe calls between fork and exec.
    ::setpgid(0, 0);
    const int in_fd = ::fcntl(to[0], F_DUPFD, 10);
    const int out_fd = ::fcntl(from[1], F_DUPFD, 10);
    ::dup2(in_fd, 3);
    ::dup2(out_fd, 4);
    const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (log_fd >= 0) {
      ::dup2(log_fd, 1);
      ::dup2(log_fd, 2);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::setpgid(pid_, pid_);
  ::close(to[0]);
  ::close(from[1]);
  to_browser_ = to[1];
  from_browser_ = from[0];

  const nlohmann::json target = call("Target.createTarget", {{"url", "about:blank"}}, true);
  const nlohmann::json attached =
      call("Target.attachToTarget", {{"targetId", target.at("targetId")}, {"flatten", true}}, true);
  session_id_ = attached.at("sessionId").get<std::string>();
  call("Emulation.setDeviceMetricsOverride",
       {{"width", width}, {"height", height}, {"deviceScaleFactor", 1}, {"mobile", false}});
}

Chromium::~Chromium() {
  if (pid_ > 0) {
    try {
      if (to_browser_ >= 0) call("Browser.close", nlohmann::json::object(), true);
    } catch (const std::exception&) {
    }
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (Clock::now() > deadline) {
        ::kill(-pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling the exit, bounded above
    }
    ::kill(-pid_, SIGKILL);  // helpers (renderer, zygote) that outlived the main process
  }
  if (to_browser_ >= 0) ::close(to_browser_);
  if (from_browser_ >= 0) ::close(from_browser_);
}

nlohmann::json Chromium::call(const std::string& method, const nlohmann::json& params, bool browser_level) {
  const int id = next_id_++;
  nlohmann::json message = {{"id", id}, {"method", method}, {"params", params}};
  if (!browser_level) message["sessionId"] = session_id_;
  std::string wire = message.dump();
  wire.push_back('\0');
  std::size_t sent = 0;
  while (sent < wire.size()) {
    const ssize_t n = ::write(to_browser_, wire.data() + sent, wire.size() - sent);
    if (n <= 0) throw std::runtime_error("chromium: the browser closed its pipe (see chromium.log)");
    sent += static_cast<std::size_t>(n);
  }
  const nlohmann::json reply = receive(id, Clock::now() + timeout_);
  if (reply.contains("error")) throw std::runtime_error("chromium: " + method + " failed: " + reply["error"].dump());
  return reply.value("result", nlohmann::json::object());
}

nlohmann::json Chromium::receive(int id, Clock::time_point deadline) {
  for (;;) {
    for (std::size_t end; (end = buffer_.find('\0')) != std::string::npos;) {
      nlohmann::json message = nlohmann::json::parse(buffer_.substr(0, end));
      buffer_.erase(0, end + 1);
      if (message.contains("id") && message["id"] == id) return message;
      // Events and replies to other commands are not needed by the tests.
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) throw std::runtime_error("chromium: no reply within the deadline");
    pollfd p{from_browser_, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    if (ready < 0 && errno != EINTR) throw std::runtime_error("chromium: poll failed");
    if (ready <= 0) continue;
    char chunk[65536];
    const ssize_t n = ::read(from_browser_, chunk, sizeof chunk);
    if (n <= 0) throw std::runtime_error("chromium: the browser closed its pipe (see chromium.log)");
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

nlohmann::json Chromium::evaluate(const std::string& expression) {
  const nlohmann::json r = call("Runtime.evaluate", {{"expression", expression}, {"returnByValue", true}});
  if (r.contains("exceptionDetails")) {
    throw std::runtime_error("chromium: script failed: " + expression + ": " + r["exceptionDetails"].dump());
  }
  return r.at("result").value("value", nlohmann::json());
}

bool Chromium::wait_for(const std::string& expression, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    try {
      if (evaluate(expression) == true) return true;
    } catch (const std::runtime_error&) {
      // The page may be between documents; try again until the deadline.
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // poll interval; bounded by the deadline
  }
  return false;
}

void Chromium::navigate(const std::string& url) {
  const nlohmann::json r = call("Page.navigate", {{"url", url}});
  if (r.contains("errorText")) throw std::runtime_error("chromium: cannot open " + url + ": " + r["errorText"].dump());
  const std::string done = "document.readyState === 'complete' && location.href.startsWith(" +
                           nlohmann::json(url).dump() + ")";
  if (!wait_for(done, timeout_)) throw std::runtime_error("chromium: " + url + " did not finish loading");
}

std::string Chromium::screenshot_png(bool full_page, int max_height) {
  nlohmann::json params = {{"format", "png"}};
  if (full_page) {
    const nlohmann::json size = evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]");
    params["captureBeyondViewport"] = true;
    const int height = size[1].get<int>();
    params["clip"] = {{"x", 0}, {"y", 0}, {"width", size[0]},
                      {"height", max_height > 0 ? std::min(height, max_height) : height}, {"scale", 1}};
  }
  return base64_decode(call("Page.captureScreenshot", params).at("data").get<std::string>());
}

}  // namespace hymy::testing
