// The vocabulary of staff mode: its screens, what staff asked for on them (intents), what the
// staff flow asks the storage thread to do (commands) and what came back (results).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "flow/intent.hpp"
#include "flow/pin_guard.hpp"
#include "flow/staff_data.hpp"
#include "hymy/model.hpp"

namespace hymy::kiosk {

enum class StaffScreen { set_pin, pin, home, figures, questions, edit, preview, feedback, health };
const char* to_string(StaffScreen s);  // "set-pin", "pin", "home", ...
std::optional<StaffScreen> staff_screen_from_string(const std::string& s);

// --- intents ---
struct PinDigit { int digit = 0; };
struct PinErase {};
struct PinSubmit {};
struct StaffGo { StaffScreen screen = StaffScreen::home; };  // from the home screen's tiles
struct StaffBack {};       // one level up; from home: back to the visitors
struct StaffLeave {};      // straight back to the visitors' screen
struct StaffQuit {};       // maintenance: close the kiosk
struct StaffWindowed {};   // maintenance: leave full screen
struct StaffChangePin {};
struct StaffLanguage { Language language; };
struct EditQuestion { int index = -1; };  // -1: a new question
struct MoveQuestion { int index = 0; int delta = 0; };
struct ToggleQuestion { int index = 0; };
struct RemoveQuestion { int index = 0; };
struct PreviewQuestion { int index = 0; };
struct SaveQuestions {};
struct DiscardQuestions {};
struct EditLanguage { Language language; };  // which text the keyboard types into
struct SetFollowUp { FollowUp rule; };
struct SetAlwaysOpen { bool always = true; };
struct AddWindow {};
struct RemoveWindow { int window = 0; };
struct ToggleDay { int window = 0; int day = 0; };      // day 0 = Monday
struct ShiftTime { int window = 0; bool end = false; int minutes = 0; };
struct EditDone {};
struct FeedbackRating { int rating = 0; };
struct FeedbackQuestion { std::string question_id; };
struct SaveFeedback {};
struct Refresh {};

using StaffIntent =
    std::variant<PinDigit, PinErase, PinSubmit, StaffGo, StaffBack, StaffLeave, StaffQuit, StaffWindowed,
                 StaffChangePin, StaffLanguage, EditQuestion, MoveQuestion, ToggleQuestion, RemoveQuestion,
                 PreviewQuestion, SaveQuestions, DiscardQuestions, EditLanguage, SetFollowUp, SetAlwaysOpen,
                 AddWindow, RemoveWindow, ToggleDay, ShiftTime, EditDone, FeedbackRating, FeedbackQuestion,
                 SaveFeedback, Refresh, TypeText, Backspace, ToggleShift, ToggleSymbols>;

// --- commands for the staff storage thread ---
struct StaffCommand {
  enum class Kind { verify_pin, set_pin, load_questions, save_questions, record_feedback, load_figures, load_health };
  Kind kind = Kind::load_health;
  std::uint64_t request_id = 0;
  std::string pin;               // verify_pin, set_pin
  PinGuard guard_if_wrong;       // verify_pin: written before the check, so a cut power counts it
  QuestionSet set;               // save_questions
  Response response;             // record_feedback
  std::int64_t wall_ms = 0;      // load_figures: "today" is the local day of this moment
};

struct StaffResult {
  std::uint64_t request_id = 0;
  StaffCommand::Kind kind = StaffCommand::Kind::load_health;
  bool ok = false;
  std::string error;                     // plain words, when !ok
  std::optional<QuestionSet> set;        // load_questions, save_questions
  std::string set_source;                // local | hq
  std::optional<StaffFigures> figures;   // load_figures
  std::optional<DeviceHealth> health;    // load_health
};

}  // namespace hymy::kiosk
