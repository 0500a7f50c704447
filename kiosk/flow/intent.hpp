// The vocabulary between screens, the flow and the storage thread: what a visitor asked for
// (intents), what the flow wants stored (store commands) and what the store answered (results).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "hymy/model.hpp"

namespace hymy::kiosk {

// --- intents: one per thing a visitor did on a screen ---
struct Rate { int rating = 0; };
struct ChooseLanguage { Language language; };
struct TypeText { std::string utf8; };  // from the on-screen or a physical keyboard
struct Backspace {};
struct ToggleShift {};
struct ToggleSymbols {};
struct SendComment {};
struct SkipComment {};
struct FinishVisit {};  // "that's all" on the second and later questions
struct LeaveStaff {};

using Intent = std::variant<Rate, ChooseLanguage, TypeText, Backspace, ToggleShift, ToggleSymbols,
                            SendComment, SkipComment, FinishVisit, LeaveStaff>;

// --- what the flow asks the storage thread to do ---
struct StoreCommand {
  enum class Kind { insert_response, attach_comment, close_comment };
  Kind kind = Kind::insert_response;
  std::uint64_t request_id = 0;
  Response response;              // insert_response
  bool awaiting_comment = false;  // insert_response: hold back from the outbox until closed
  std::string response_id;        // attach_comment, close_comment
  std::string comment;            // attach_comment
};

struct StoreResult {
  std::uint64_t request_id = 0;
  bool ok = false;
  std::string error;  // when !ok
};

// The moment the flow is asked to act at. Timers use the monotonic clock so that a wall-clock
// correction cannot cut a thank-you short; answers are stamped with the wall clock.
struct Now {
  std::int64_t mono_ms = 0;
  std::int64_t wall_ms = 0;  // UTC
  int utc_offset_min = 0;
  int weekday = 0;        // local, 0 = Monday
  int minute_of_day = 0;  // local
};

}  // namespace hymy::kiosk
