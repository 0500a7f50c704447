// Scripted input for UI tests and the benchmark (--script FILE). One command per line:
//   wait_frames N            let N frames pass
//   tap face 4 | tap 0.5 0.4 press and release on a published target ("face.4", "button.send",
//                            "key.ä", "lang.sv", "staff.corner") or at normalised coordinates
//   press ... / release      the two halves of a tap (e.g. a long press)
//   type "Hyvä palvelu"      characters as from a physical keyboard
//   key backspace            a physical key: backspace, enter, escape, tab
//   advance_ms 30000         move the kiosk's (manual) clock forward
//   expect_screen thanks     wait (up to 5 s of real time) for a screen, else fail
//   expect_language sv       fail unless the kiosk speaks this language now
//   expect_question b        wait (up to 5 s) for the question with this id
//   expect_value K V         wait (up to 5 s) until the screen published value K as V (e.g.
//                            "figures.tablet.count 12"; see ScreenOutput::values)
//   print_values PREFIX      print the published values starting with PREFIX ("value K=V" lines)
//   screenshot out.png       write the current frame
//   stats                    print frame and tap-to-committed timings
//   stats_reset              forget the timings so far (e.g. start-up frames)
//   quit                     leave (exit code 0)
// Blank lines and lines starting with # are ignored.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ui/targets.hpp"

namespace hymy::kiosk {

struct ScriptCommand {
  std::string verb;
  std::vector<std::string> args;
  int line = 0;
};

// Throws std::runtime_error "<source>:<line>: ..." for an unknown command or bad arguments.
std::vector<ScriptCommand> parse_script(const std::string& text, const std::string& source);

// What a script can do to the app.
class ScriptHost {
 public:
  virtual ~ScriptHost() = default;
  virtual std::string screen_name() const = 0;
  virtual std::string language() const = 0;
  virtual std::string question_id() const = 0;
  virtual std::optional<std::string> value(const std::string& key) const = 0;
  virtual std::map<std::string, std::string> values() const = 0;
  virtual std::optional<Rect> target(const std::string& name) const = 0;
  virtual Rect viewport() const = 0;
  virtual void pointer_move(float x, float y) = 0;
  virtual void pointer_button(bool down) = 0;
  virtual void type_text(const std::string& utf8) = 0;
  virtual bool press_key(const std::string& name) = 0;
  virtual void advance_clock(std::int64_t ms) = 0;
  virtual std::string screenshot(const std::string& path) = 0;  // "" or the error
  virtual void print_stats() = 0;
  virtual void reset_stats() = 0;
};

class ScriptRunner {
 public:
  enum class Status { running, done, failed };
  explicit ScriptRunner(std::vector<ScriptCommand> commands) : commands_(std::move(commands)) {}
  // Runs commands until one needs a later frame. Call once per frame.
  Status step(ScriptHost& host, std::int64_t real_ms);
  const std::string& error() const { return error_; }

 private:
  Status fail(const ScriptCommand& c, const std::string& why);
  std::optional<std::pair<float, float>> point(ScriptHost& host, const ScriptCommand& c, bool& wait);

  std::vector<ScriptCommand> commands_;
  std::size_t next_ = 0;
  int wait_frames_ = 0;
  std::optional<std::int64_t> waiting_since_ms_;
  std::string error_;
};

}  // namespace hymy::kiosk
