// The input-script language of UI tests: parsing errors point at the line, and the runner
// waits for targets and screens with a bound.
#include "app/script.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace hymy::kiosk {
namespace {

struct FakeHost final : ScriptHost {
  std::string screen = "question";
  std::vector<std::string> events;
  std::string screen_name() const override { return screen; }
  std::string language() const override { return "fi"; }
  std::string question_id() const override { return "a"; }
  std::map<std::string, std::string> published;
  std::optional<std::string> value(const std::string& key) const override {
    const auto it = published.find(key);
    if (it == published.end()) return std::nullopt;
    return it->second;
  }
  std::map<std::string, std::string> values() const override { return published; }
  void reset_stats() override {}
  std::optional<Rect> target(const std::string& name) const override {
    if (name == "face.4") return Rect{100, 200, 300, 400};
    return std::nullopt;
  }
  Rect viewport() const override { return Rect{0, 0, 1000, 500}; }
  void pointer_move(float x, float y) override { events.push_back("move " + std::to_string(int(x)) + " " + std::to_string(int(y))); }
  void pointer_button(bool down) override { events.push_back(down ? "down" : "up"); }
  void type_text(const std::string& t) override { events.push_back("type " + t); }
  bool press_key(const std::string& k) override { return k == "backspace"; }
  void advance_clock(std::int64_t ms) override { events.push_back("advance " + std::to_string(ms)); }
  std::string screenshot(const std::string&) override { return ""; }
  void print_stats() override {}
};

ScriptRunner::Status run_frames(ScriptRunner& r, FakeHost& h, int frames, std::int64_t ms_per_frame = 16) {
  ScriptRunner::Status s = ScriptRunner::Status::running;
  for (int i = 0; i < frames && s == ScriptRunner::Status::running; ++i) s = r.step(h, i * ms_per_frame);
  return s;
}

TEST(Script, ParsesCommandsAndQuotedText) {
  const auto cmds = parse_script("# a comment\n\ntap face 4\ntype \"Hyvä palvelu\"\nadvance_ms 30000\nquit\n", "t.script");
  ASSERT_EQ(cmds.size(), 4u);
  EXPECT_EQ(cmds[0].verb, "tap");
  EXPECT_EQ(cmds[0].args, (std::vector<std::string>{"face", "4"}));
  EXPECT_EQ(cmds[1].args, (std::vector<std::string>{"Hyvä palvelu"}));
  EXPECT_EQ(cmds[2].line, 5);
}

TEST(Script, ErrorsNameTheLine) {
  try {
    parse_script("tap face 4\nfly away\n", "t.script");
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("t.script:2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_script("advance_ms soon\n", "t"), std::runtime_error);
  EXPECT_THROW(parse_script("type \"unterminated\n", "t"), std::runtime_error);
  EXPECT_THROW(parse_script("quit now\n", "t"), std::runtime_error);
}

TEST(Script, TapsTargetsAndNormalisedPoints) {
  ScriptRunner r(parse_script("tap face 4\ntap 0.5 0.5\nquit\n", "t"));
  FakeHost h;
  EXPECT_EQ(run_frames(r, h, 20), ScriptRunner::Status::done);
  EXPECT_EQ(h.events, (std::vector<std::string>{"move 200 300", "down", "up", "move 500 250", "down", "up"}));
}

TEST(Script, WaitsForAScreenThenFailsWithAReason) {
  ScriptRunner r(parse_script("expect_screen thanks\nquit\n", "t"));
  FakeHost h;
  EXPECT_EQ(run_frames(r, h, 10), ScriptRunner::Status::running);
  h.screen = "thanks";
  EXPECT_EQ(run_frames(r, h, 2), ScriptRunner::Status::done);

  ScriptRunner never(parse_script("expect_screen comment\n", "t"));
  FakeHost h2;
  EXPECT_EQ(run_frames(never, h2, 1000, 10), ScriptRunner::Status::failed);
  EXPECT_NE(never.error().find("still on question"), std::string::npos) << never.error();
}

TEST(Script, AMissingTargetFailsAfterTheBound) {
  ScriptRunner r(parse_script("tap button send\n", "t"));
  FakeHost h;
  EXPECT_EQ(run_frames(r, h, 1000, 10), ScriptRunner::Status::failed);
  EXPECT_NE(r.error().find("button.send"), std::string::npos) << r.error();
}

}  // namespace
}  // namespace hymy::kiosk
