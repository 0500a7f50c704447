// Staff mode as a plain state machine beside the visitor's flow: PIN pad (or first-start "set a
// PIN"), then home, figures, questions with their editor and preview, spoken feedback and device
// health. (state, intent or storage result, time) -> next state, storage commands and what the
// app must do (leave, quit, leave full screen). No GPU, no SQLite: tests drive it directly.
//
// The visitor flow owns the way in (the corner long press) and the idle timeout back to the
// visitors; the app calls enter() when the visitor flow switches to its staff screen.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "flow/flow.hpp"
#include "flow/pin_guard.hpp"
#include "flow/question_edit.hpp"
#include "flow/staff_intent.hpp"

namespace hymy::kiosk {

struct StaffSettings {
  std::string device_id;
  std::string unit_id;
  std::vector<Language> languages;  // the staff screens can switch between these
  Language default_language;
  PinRules pin_rules;
};

// A line shown on the current screen: an i18n key and its arguments.
struct StaffMessage {
  std::string key;
  std::vector<std::pair<std::string, std::string>> args;
  bool error = false;
  bool empty() const { return key.empty(); }
};

struct StaffState {
  StaffScreen screen = StaffScreen::pin;
  Language language;
  bool has_pin = false;
  std::string pin_entry;          // digits typed so far (never stored)
  std::string pin_first;          // set-PIN: the first entry, waiting for its confirmation
  PinGuard guard;
  bool busy = false;              // a PIN check or a save is running
  StaffMessage message;

  // Questions: the saved set and the draft being edited.
  std::optional<QuestionSet> saved;
  std::string saved_source;       // local | hq (hq: read-only here)
  QuestionSet draft;
  bool dirty = false;
  int editing = -1;               // index into draft.questions on the edit screen
  Language edit_language;         // whose text the keyboard types into
  CommentDraft keys;              // shift / symbols of the editor's keyboard
  int preview_index = 0;

  // Spoken feedback being recorded.
  int feedback_rating = 0;
  std::string feedback_question;
  CommentDraft feedback_note;

  std::optional<StaffFigures> figures;
  std::optional<DeviceHealth> health;
};

// What the app must do after a call.
struct StaffOutput {
  std::vector<StaffCommand> commands;
  bool leave = false;     // back to the visitors' screen
  bool quit = false;      // maintenance: close the kiosk
  bool windowed = false;  // maintenance: leave full screen
  std::optional<QuestionSet> new_set;  // saved just now: the visitors get it
};

class StaffFlow {
 public:
  StaffFlow(StaffSettings settings, bool has_pin, PinGuard guard);

  const StaffState& state() const { return state_; }
  const StaffSettings& settings() const { return settings_; }
  bool unlocked() const { return state_.screen != StaffScreen::pin && state_.screen != StaffScreen::set_pin; }
  bool read_only() const { return state_.saved_source == "hq"; }
  // Changes with every call that may change what is drawn.
  std::uint64_t revision() const { return revision_; }

  // Staff mode starts: the PIN pad, or "set a PIN" if there is none yet. Drafts are dropped.
  void enter(const Now& now);
  StaffOutput handle(const StaffIntent& intent, const Now& now);
  StaffOutput on_result(const StaffResult& result, const Now& now);

  // Milliseconds until the PIN pad takes a PIN again (0: now).
  std::int64_t pin_wait_ms(const Now& now) const;
  bool pin_locked(const Now& now) const;
  // When the PIN pad's countdown next changes (monotonic), for a sleeping main loop.
  std::optional<std::int64_t> next_deadline_ms(const Now& now) const;

  // Unlocked on a screen without a PIN, with its data requested (screenshots only).
  StaffOutput preview(StaffScreen screen, const Now& now);

 private:
  StaffCommand command(StaffCommand::Kind kind);
  void go(StaffScreen s, StaffOutput& out);
  void say(std::string key, std::vector<std::pair<std::string, std::string>> args = {}, bool error = false);
  void pin_submit(const Now& now, StaffOutput& out);
  void edit_text(const StaffIntent& intent);
  bool editable() const;
  Question* edited_question();

  StaffSettings settings_;
  StaffState state_;
  std::uint64_t next_request_ = 1;
  std::map<std::uint64_t, StaffCommand::Kind> pending_;
  std::map<std::uint64_t, PinGuard> pending_guard_;  // what a PIN check writes if the PIN is wrong
  std::uint64_t revision_ = 0;
};

}  // namespace hymy::kiosk
