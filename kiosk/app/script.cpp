// Parsing and running input scripts (see script.hpp).
#include "app/script.hpp"

#include <cstdio>
#include <map>
#include <sstream>
#include <stdexcept>

#include "flow/utf8_text.hpp"

namespace hymy::kiosk {
namespace {

constexpr std::int64_t kWaitLimitMs = 5000;

// verb -> {min args, max args}
const std::map<std::string, std::pair<std::size_t, std::size_t>>& verbs() {
  static const std::map<std::string, std::pair<std::size_t, std::size_t>> v = {
      {"wait_frames", {1, 1}}, {"tap", {1, 2}},        {"press", {1, 2}},
      {"release", {0, 0}},     {"type", {1, 1}},       {"key", {1, 1}},
      {"advance_ms", {1, 1}},  {"expect_screen", {1, 1}}, {"expect_language", {1, 1}},
      {"expect_question", {1, 1}}, {"stats_reset", {0, 0}},
      {"expect_value", {2, 2}},    {"print_values", {1, 1}},
      {"screenshot", {1, 1}},  {"stats", {0, 0}},      {"quit", {0, 0}}};
  return v;
}

std::vector<std::string> split_args(const std::string& rest, const std::string& where) {
  std::vector<std::string> args;
  std::size_t i = 0;
  while (i < rest.size()) {
    if (rest[i] == ' ' || rest[i] == '\t') { ++i; continue; }
    if (rest[i] == '"') {
      const auto close = rest.find('"', i + 1);
      if (close == std::string::npos) throw std::runtime_error(where + ": unterminated quoted text");
      args.push_back(rest.substr(i + 1, close - i - 1));
      i = close + 1;
    } else {
      auto end = rest.find_first_of(" \t", i);
      if (end == std::string::npos) end = rest.size();
      args.push_back(rest.substr(i, end - i));
      i = end;
    }
  }
  return args;
}

bool is_number(const std::string& s, double& out) {
  try {
    std::size_t used = 0;
    out = std::stod(s, &used);
    return used == s.size();
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

std::vector<ScriptCommand> parse_script(const std::string& text, const std::string& source) {
  std::vector<ScriptCommand> out;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    const std::string where = source + ":" + std::to_string(number);
    const auto verb_end = line.find_first_of(" \t", start);
    ScriptCommand c;
    c.line = number;
    c.verb = line.substr(start, verb_end == std::string::npos ? std::string::npos : verb_end - start);
    if (verb_end != std::string::npos) c.args = split_args(line.substr(verb_end), where);
    const auto it = verbs().find(c.verb);
    if (it == verbs().end()) throw std::runtime_error(where + ": unknown command '" + c.verb + "'");
    if (c.args.size() < it->second.first || c.args.size() > it->second.second)
      throw std::runtime_error(where + ": '" + c.verb + "' takes " + std::to_string(it->second.first) +
                               (it->second.first == it->second.second ? "" : ".." + std::to_string(it->second.second)) +
                               " arguments, found " + std::to_string(c.args.size()));
    double n = 0;
    if ((c.verb == "wait_frames" || c.verb == "advance_ms") && (!is_number(c.args[0], n) || n < 0))
      throw std::runtime_error(where + ": expected a non-negative number, found '" + c.args[0] + "'");
    out.push_back(std::move(c));
  }
  return out;
}

ScriptRunner::Status ScriptRunner::fail(const ScriptCommand& c, const std::string& why) {
  error_ = "script line " + std::to_string(c.line) + " (" + c.verb + "): " + why;
  return Status::failed;
}

// Where a tap or press lands: two numbers are normalised coordinates, otherwise a target name
// ("face 4" and "face.4" alike). Sets `wait` while the target is not on screen yet.
std::optional<std::pair<float, float>> ScriptRunner::point(ScriptHost& host, const ScriptCommand& c, bool& wait) {
  wait = false;
  double nx = 0, ny = 0;
  if (c.args.size() == 2 && is_number(c.args[0], nx) && is_number(c.args[1], ny)) {
    const Rect v = host.viewport();
    return std::make_pair(v.x0 + static_cast<float>(nx) * v.width(), v.y0 + static_cast<float>(ny) * v.height());
  }
  const std::string name = c.args.size() == 2 ? c.args[0] + "." + c.args[1] : c.args[0];
  if (const auto r = host.target(name)) return std::make_pair(r->cx(), r->cy());
  wait = true;
  return std::nullopt;
}

ScriptRunner::Status ScriptRunner::step(ScriptHost& host, std::int64_t real_ms) {
  if (wait_frames_ > 0) {
    --wait_frames_;
    return Status::running;
  }
  while (next_ < commands_.size()) {
    const ScriptCommand& c = commands_[next_];
    const auto waited_too_long = [&] {
      if (!waiting_since_ms_) waiting_since_ms_ = real_ms;
      return real_ms - *waiting_since_ms_ > kWaitLimitMs;
    };
    if (c.verb == "wait_frames") {
      wait_frames_ = std::stoi(c.args[0]);
      ++next_;
      return Status::running;
    } else if (c.verb == "tap" || c.verb == "press") {
      bool wait = false;
      const auto p = point(host, c, wait);
      if (wait) {
        if (waited_too_long())
          return fail(c, "no target '" + c.args[0] + (c.args.size() > 1 ? "." + c.args[1] : "") +
                             "' on the " + host.screen_name() + " screen");
        return Status::running;
      }
      waiting_since_ms_.reset();
      host.pointer_move(p->first, p->second);
      host.pointer_button(true);
      if (c.verb == "tap") host.pointer_button(false);
      ++next_;
      wait_frames_ = 2;  // press, release, and a frame for the flow to react
      return Status::running;
    } else if (c.verb == "release") {
      host.pointer_button(false);
      ++next_;
      wait_frames_ = 1;
      return Status::running;
    } else if (c.verb == "type") {
      host.type_text(c.args[0]);
      ++next_;
      wait_frames_ = 1;
      return Status::running;
    } else if (c.verb == "key") {
      if (!host.press_key(c.args[0])) return fail(c, "unknown key '" + c.args[0] + "'");
      ++next_;
      wait_frames_ = 2;
      return Status::running;
    } else if (c.verb == "advance_ms") {
      host.advance_clock(std::stoll(c.args[0]));
      ++next_;
      return Status::running;  // a frame for the timers to fire
    } else if (c.verb == "expect_screen") {
      if (host.screen_name() != c.args[0]) {
        if (waited_too_long())
          return fail(c, "expected the " + c.args[0] + " screen, still on " + host.screen_name() + " after " +
                             std::to_string(kWaitLimitMs) + " ms");
        return Status::running;
      }
      waiting_since_ms_.reset();
      ++next_;
    } else if (c.verb == "expect_question") {
      if (host.question_id() != c.args[0]) {
        if (waited_too_long())
          return fail(c, "expected question " + c.args[0] + ", still on '" + host.question_id() + "' (" +
                             host.screen_name() + " screen)");
        return Status::running;
      }
      waiting_since_ms_.reset();
      ++next_;
    } else if (c.verb == "expect_value") {
      const auto v = host.value(c.args[0]);
      if (!v || *v != c.args[1]) {
        if (waited_too_long())
          return fail(c, "expected value " + c.args[0] + " = '" + c.args[1] + "', found " +
                             (v ? "'" + *v + "'" : std::string("nothing")) + " on the " + host.screen_name() + " screen");
        return Status::running;
      }
      waiting_since_ms_.reset();
      ++next_;
    } else if (c.verb == "print_values") {
      for (const auto& [k, v] : host.values())
        if (k.rfind(c.args[0], 0) == 0) std::printf("value %s=%s\n", k.c_str(), v.c_str());
      std::fflush(stdout);
      ++next_;
    } else if (c.verb == "stats_reset") {
      host.reset_stats();
      ++next_;
    } else if (c.verb == "expect_language") {
      if (host.language() != c.args[0]) return fail(c, "expected language " + c.args[0] + ", found " + host.language());
      ++next_;
    } else if (c.verb == "screenshot") {
      const std::string err = host.screenshot(c.args[0]);
      if (!err.empty()) return fail(c, err);
      ++next_;
    } else if (c.verb == "stats") {
      host.print_stats();
      ++next_;
    } else if (c.verb == "quit") {
      next_ = commands_.size();
      return Status::done;
    }
  }
  return Status::done;
}

}  // namespace hymy::kiosk
