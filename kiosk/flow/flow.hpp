// The visitor's flow as a plain state machine: (state, intent or store result or time) -> next
// state and store commands. No GPU, no SQLite, no threads: tests drive it directly, the app feeds
// it what the screens and the storage thread report.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "flow/intent.hpp"
#include "hymy/model.hpp"

namespace hymy::kiosk {

enum class Screen { question, comment, thanks, closed, failed, staff };
const char* to_string(Screen s);
std::optional<Screen> screen_from_string(const std::string& s);

struct FlowSettings {
  std::string device_id;
  std::string unit_id;
  std::vector<Language> languages;  // offered in the switcher, in order
  Language default_language;
  std::int64_t inactivity_ms = 30'000;     // back to the start after this long untouched
  std::int64_t thank_you_ms = 4'000;
  std::int64_t failure_ms = 6'000;         // how long the calm "could not save" screen stays
  std::int64_t rapid_repeat_ms = 5'000;    // answers to a question closer than this are flagged
  std::int64_t commit_timeout_ms = 10'000; // a store that never answers counts as failed
  std::int64_t staff_hold_ms = 3'000;      // long press in the corner that opens staff mode
  std::int64_t staff_idle_ms = 60'000;     // staff mode untouched this long: back to the visitors
};

// The comment being written; it lives only here until the visitor presses Send.
struct CommentDraft {
  std::string text;
  bool shift = true;     // one-shot capital, on at the start of the text
  bool symbols = false;  // numbers/symbols page of the on-screen keyboard
};

struct FlowState {
  Screen screen = Screen::question;
  Language language;
  std::string question_id;           // on the question and comment screens
  int question_position = 0;         // 0-based among the questions asked in this visit
  int question_count = 0;            // questions open now
  std::string visit_id;              // empty until the first answer of a visit
  int answers_in_visit = 0;
  std::optional<int> chosen_rating;  // the face tapped, while it is stored or commented on
  std::string response_id;           // the stored answer a comment belongs to
  CommentDraft comment;
  bool storing = false;              // waiting for the storage thread to confirm
  std::int64_t screen_since_ms = 0;  // monotonic
  std::string failure;               // why the last store failed (for the log, never shown)
};

class Flow {
 public:
  Flow(FlowSettings settings, QuestionSet set, const Now& now);

  const FlowState& state() const { return state_; }
  const FlowSettings& settings() const { return settings_; }
  const QuestionSet& question_set() const { return set_; }
  const Question* current_question() const;

  // Every intent also counts as activity. Returns what must be stored.
  std::vector<StoreCommand> handle(const Intent& intent, const Now& now);
  std::vector<StoreCommand> on_stored(const StoreResult& result, const Now& now);
  // Timers: inactivity, thank-you, failure, schedule, the staff corner. `corner_held` says whether
  // the hidden staff corner is being pressed right now.
  std::vector<StoreCommand> tick(const Now& now, bool corner_held = false);
  // A touch or key anywhere keeps the visit alive even if it did not hit a target.
  void note_activity(const Now& now) { last_activity_ms_ = now.mono_ms; }

  // A new question set (e.g. pulled from HQ) takes over only between visits; true if applied.
  bool offer_question_set(const QuestionSet& set, const Now& now);
  // The next monotonic time at which tick() may change something (for a sleeping main loop).
  std::optional<std::int64_t> next_deadline_ms() const;
  // At the start of a visit, untouched: nothing to time out.
  bool at_rest() const;

  // Puts the flow on a screen as if a visitor had got there (screenshots and previews);
  // `question_id`, if given and in the set, is the question shown.
  void preview(Screen screen, const Language& language, const Now& now, const std::string& question_id = "");

 private:
  std::vector<const Question*> open_questions(const Now& now) const;
  void go(Screen s, const Now& now);
  void reset_to_start(const Now& now);
  std::vector<StoreCommand> advance(const Now& now);
  std::vector<StoreCommand> rate(int rating, const Now& now);
  std::vector<StoreCommand> end_comment(bool send, const Now& now);
  StoreCommand make_command(StoreCommand::Kind kind);

  FlowSettings settings_;
  QuestionSet set_;
  FlowState state_;
  std::int64_t last_activity_ms_ = 0;
  std::optional<std::uint64_t> pending_request_;
  std::int64_t pending_since_ms_ = 0;
  bool pending_wants_comment_ = false;
  std::uint64_t next_request_ = 1;
  std::map<std::string, std::int64_t> last_answer_ms_;  // per question, monotonic
  std::optional<std::int64_t> corner_since_ms_;
};

}  // namespace hymy::kiosk
