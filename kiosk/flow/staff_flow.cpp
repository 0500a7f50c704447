// Staff mode's rules (see staff_flow.hpp). Everything staff can do is decided here, so the tests
// check each rule without a window: the PIN's waits and lock, read-only sets from HQ, refused
// edits, what a save and a spoken feedback store.
#include "flow/staff_flow.hpp"

#include <algorithm>
#include <type_traits>

#include "flow/utf8_text.hpp"
#include "hymy/uuid.hpp"

namespace hymy::kiosk {
namespace {

constexpr const char* kStaffScreenNames[] = {"set-pin", "pin",      "home",     "figures", "questions",
                                             "edit",    "preview",  "feedback", "health"};
constexpr std::size_t kMaxPinDigits = 8;
constexpr std::size_t kMinPinDigits = 4;

bool blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\n' || c == '\t'; });
}

bool in_range(int i, std::size_t n) { return i >= 0 && static_cast<std::size_t>(i) < n; }

// Typing into a text: the same editing as the visitor's comment, with its own limit.
void apply_key(CommentDraft& keys, std::string& text, const StaffIntent& intent, std::size_t limit) {
  if (const auto* t = std::get_if<TypeText>(&intent)) {
    if (utf8_append_limited(text, t->utf8, limit) > 0) keys.shift = false;
  } else if (std::holds_alternative<Backspace>(intent)) {
    utf8_pop_back(text);
    if (text.empty()) keys.shift = true;
  } else if (std::holds_alternative<ToggleShift>(intent)) {
    keys.shift = !keys.shift;
  } else if (std::holds_alternative<ToggleSymbols>(intent)) {
    keys.symbols = !keys.symbols;
  }
}

}  // namespace

const char* to_string(StaffScreen s) { return kStaffScreenNames[static_cast<int>(s)]; }

std::optional<StaffScreen> staff_screen_from_string(const std::string& s) {
  for (int i = 0; i < 9; ++i)
    if (s == kStaffScreenNames[i]) return static_cast<StaffScreen>(i);
  return std::nullopt;
}

StaffFlow::StaffFlow(StaffSettings settings, bool has_pin, PinGuard guard) : settings_(std::move(settings)) {
  state_.has_pin = has_pin;
  state_.guard = guard;
  state_.language = settings_.default_language;
  state_.screen = has_pin ? StaffScreen::pin : StaffScreen::set_pin;
}

StaffCommand StaffFlow::command(StaffCommand::Kind kind) {
  StaffCommand c;
  c.kind = kind;
  c.request_id = next_request_++;
  pending_[c.request_id] = kind;
  return c;
}

void StaffFlow::say(std::string key, std::vector<std::pair<std::string, std::string>> args, bool error) {
  state_.message = StaffMessage{std::move(key), std::move(args), error};
}

void StaffFlow::enter(const Now& now) {
  (void)now;
  ++revision_;
  StaffState fresh;
  fresh.has_pin = state_.has_pin;
  fresh.guard = state_.guard;
  fresh.saved = state_.saved;
  fresh.saved_source = state_.saved_source;
  fresh.language = settings_.default_language;
  fresh.screen = fresh.has_pin ? StaffScreen::pin : StaffScreen::set_pin;
  // A PIN check still running belongs to the previous visit of staff mode; its result only
  // updates the guard (see on_result), it opens nothing.
  fresh.busy = false;
  state_ = std::move(fresh);
}

std::int64_t StaffFlow::pin_wait_ms(const Now& now) const {
  return kiosk::pin_wait_ms(state_.guard, now.wall_ms, settings_.pin_rules);
}

bool StaffFlow::pin_locked(const Now& now) const {
  return kiosk::pin_locked(state_.guard, now.wall_ms, settings_.pin_rules);
}

std::optional<std::int64_t> StaffFlow::next_deadline_ms(const Now& now) const {
  if (state_.screen != StaffScreen::pin) return std::nullopt;
  const std::int64_t wait = pin_wait_ms(now);
  if (wait <= 0) return std::nullopt;
  return now.mono_ms + (wait - 1) % 1000 + 1;  // the countdown shows whole seconds
}

void StaffFlow::go(StaffScreen s, StaffOutput& out) {
  state_.screen = s;
  state_.message = {};
  switch (s) {
    case StaffScreen::figures: {
      state_.figures.reset();  // never show another moment's numbers as today's
      out.commands.push_back(command(StaffCommand::Kind::load_figures));
      break;
    }
    case StaffScreen::health:
      out.commands.push_back(command(StaffCommand::Kind::load_health));
      break;
    case StaffScreen::questions:
    case StaffScreen::feedback:
      out.commands.push_back(command(StaffCommand::Kind::load_questions));
      break;
    default:
      break;
  }
}

bool StaffFlow::editable() const { return unlocked() && !read_only() && !state_.busy && state_.saved.has_value(); }

Question* StaffFlow::edited_question() {
  if (!in_range(state_.editing, state_.draft.questions.size())) return nullptr;
  return &state_.draft.questions[static_cast<std::size_t>(state_.editing)];
}

void StaffFlow::pin_submit(const Now& now, StaffOutput& out) {
  std::string entry = std::move(state_.pin_entry);
  state_.pin_entry.clear();
  if (state_.screen == StaffScreen::set_pin) {
    if (entry.size() < kMinPinDigits) {
      say("setpin.too_short", {}, true);
      return;
    }
    if (state_.pin_first.empty()) {
      state_.pin_first = entry;
      say("setpin.confirm");
      return;
    }
    if (entry != state_.pin_first) {
      state_.pin_first.clear();
      say("setpin.mismatch", {}, true);
      return;
    }
    StaffCommand c = command(StaffCommand::Kind::set_pin);
    c.pin = entry;
    state_.pin_first.clear();
    state_.busy = true;
    say("pin.checking");
    out.commands.push_back(std::move(c));
    return;
  }
  if (pin_wait_ms(now) > 0) return;  // the pad shows the wait; nothing is checked meanwhile
  if (entry.size() < kMinPinDigits) {
    say("pin.too_short", {}, true);
    return;
  }
  StaffCommand c = command(StaffCommand::Kind::verify_pin);
  c.pin = entry;
  c.guard_if_wrong = after_wrong_pin(state_.guard, now.wall_ms, settings_.pin_rules);
  pending_guard_[c.request_id] = c.guard_if_wrong;
  state_.busy = true;
  say("pin.checking");
  out.commands.push_back(std::move(c));
}

void StaffFlow::edit_text(const StaffIntent& intent) {
  if (state_.screen == StaffScreen::edit) {
    Question* q = edited_question();
    if (q == nullptr || !editable()) return;
    apply_key(state_.keys, q->text[state_.edit_language], intent, kMaxQuestionTextChars);
    state_.dirty = true;
  } else if (state_.screen == StaffScreen::feedback && !state_.busy) {
    apply_key(state_.feedback_note, state_.feedback_note.text, intent, kMaxCommentChars);
    state_.message = {};
  }
}

StaffOutput StaffFlow::handle(const StaffIntent& intent, const Now& now) {
  ++revision_;
  StaffOutput out;
  const StaffScreen screen = state_.screen;
  const bool on_pad = screen == StaffScreen::pin || screen == StaffScreen::set_pin;

  std::visit(
      [&](const auto& i) {
        using T = std::decay_t<decltype(i)>;
        if constexpr (std::is_same_v<T, PinDigit>) {
          if (on_pad && !state_.busy && i.digit >= 0 && i.digit <= 9 && state_.pin_entry.size() < kMaxPinDigits &&
              (screen == StaffScreen::set_pin || pin_wait_ms(now) == 0)) {
            state_.pin_entry += static_cast<char>('0' + i.digit);
            if (state_.message.error) state_.message = {};
          }
        } else if constexpr (std::is_same_v<T, PinErase>) {
          if (on_pad && !state_.busy && !state_.pin_entry.empty()) state_.pin_entry.pop_back();
        } else if constexpr (std::is_same_v<T, PinSubmit>) {
          if (on_pad && !state_.busy) pin_submit(now, out);
        } else if constexpr (std::is_same_v<T, StaffLeave>) {
          out.leave = true;
        } else if constexpr (std::is_same_v<T, StaffQuit>) {
          out.quit = unlocked();  // maintenance only behind the PIN
        } else if constexpr (std::is_same_v<T, StaffWindowed>) {
          out.windowed = unlocked();
        } else if constexpr (std::is_same_v<T, StaffLanguage>) {
          const auto& langs = settings_.languages;
          if (std::find(langs.begin(), langs.end(), i.language) != langs.end()) state_.language = i.language;
        } else if constexpr (std::is_same_v<T, StaffChangePin>) {
          if (screen == StaffScreen::home && !state_.busy) {
            state_.screen = StaffScreen::set_pin;
            state_.pin_entry.clear();
            state_.pin_first.clear();
            say("setpin.prompt_change");
          }
        } else if constexpr (std::is_same_v<T, StaffGo>) {
          const bool target_ok = i.screen == StaffScreen::figures || i.screen == StaffScreen::questions ||
                                 i.screen == StaffScreen::feedback || i.screen == StaffScreen::health;
          if (screen == StaffScreen::home && target_ok) {
            if (i.screen == StaffScreen::feedback) {
              state_.feedback_rating = 0;
              state_.feedback_note = CommentDraft{};
            }
            go(i.screen, out);
          }
        } else if constexpr (std::is_same_v<T, Refresh>) {
          if (screen == StaffScreen::figures || screen == StaffScreen::health) go(screen, out);
        } else if constexpr (std::is_same_v<T, StaffBack>) {
          switch (screen) {
            case StaffScreen::pin:
            case StaffScreen::home:
              out.leave = true;
              break;
            case StaffScreen::set_pin:
              if (state_.has_pin) {  // changing the PIN was given up: still unlocked
                state_.pin_entry.clear();
                state_.pin_first.clear();
                go(StaffScreen::home, out);
              } else {
                out.leave = true;
              }
              break;
            case StaffScreen::edit:
              state_.editing = -1;
              state_.screen = StaffScreen::questions;
              state_.message = {};
              break;
            case StaffScreen::preview:
              state_.screen = StaffScreen::questions;
              break;
            default:
              if (!state_.busy) go(StaffScreen::home, out);
              break;
          }
        } else if constexpr (std::is_same_v<T, EditQuestion>) {
          if (screen != StaffScreen::questions || !editable()) return;
          if (i.index == -1) {
            if (state_.draft.questions.size() >= kMaxQuestions) {
              say("questions.too_many", {{"max", std::to_string(kMaxQuestions)}}, true);
              return;
            }
            Question q;
            q.id = new_question_id(state_.draft);
            for (const auto& lang : state_.draft.languages) q.text[lang] = "";
            state_.draft.questions.push_back(std::move(q));
            state_.editing = static_cast<int>(state_.draft.questions.size()) - 1;
            state_.dirty = true;
          } else if (in_range(i.index, state_.draft.questions.size())) {
            state_.editing = i.index;
          } else {
            return;
          }
          state_.edit_language = state_.draft.languages.empty() ? state_.language : state_.draft.languages.front();
          state_.keys = CommentDraft{};
          state_.keys.shift = edited_question()->text[state_.edit_language].empty();
          state_.screen = StaffScreen::edit;
          state_.message = {};
        } else if constexpr (std::is_same_v<T, MoveQuestion>) {
          auto& qs = state_.draft.questions;
          const int to = i.index + i.delta;
          if (screen == StaffScreen::questions && editable() && in_range(i.index, qs.size()) && in_range(to, qs.size())) {
            std::swap(qs[static_cast<std::size_t>(i.index)], qs[static_cast<std::size_t>(to)]);
            state_.dirty = true;
            state_.message = {};
          }
        } else if constexpr (std::is_same_v<T, ToggleQuestion>) {
          auto& qs = state_.draft.questions;
          if ((screen == StaffScreen::questions || screen == StaffScreen::edit) && editable() && in_range(i.index, qs.size())) {
            qs[static_cast<std::size_t>(i.index)].enabled = !qs[static_cast<std::size_t>(i.index)].enabled;
            state_.dirty = true;
            state_.message = {};
          }
        } else if constexpr (std::is_same_v<T, RemoveQuestion>) {
          auto& qs = state_.draft.questions;
          if (screen == StaffScreen::questions && editable() && in_range(i.index, qs.size())) {
            qs.erase(qs.begin() + i.index);
            state_.dirty = true;
            state_.message = {};
          }
        } else if constexpr (std::is_same_v<T, PreviewQuestion>) {
          if ((screen == StaffScreen::questions || screen == StaffScreen::edit) &&
              in_range(i.index, state_.draft.questions.size())) {
            state_.preview_index = i.index;
            state_.screen = StaffScreen::preview;
          }
        } else if constexpr (std::is_same_v<T, DiscardQuestions>) {
          if (screen == StaffScreen::questions && state_.saved && !state_.busy) {
            state_.draft = *state_.saved;
            state_.dirty = false;
            state_.message = {};
          }
        } else if constexpr (std::is_same_v<T, SaveQuestions>) {
          if (screen != StaffScreen::questions || !state_.saved || state_.busy) return;
          if (read_only()) {
            say("questions.read_only", {}, true);
            return;
          }
          if (!state_.dirty) {
            say("questions.nothing_to_save");
            return;
          }
          QuestionSet next = state_.draft;
          next.version = state_.saved->version + 1;
          if (const auto problem = check_edited_set(next)) {
            say(problem->key, problem->args, true);  // nothing is sent to the store
            return;
          }
          StaffCommand c = command(StaffCommand::Kind::save_questions);
          c.set = std::move(next);
          state_.busy = true;
          say("questions.saving");
          out.commands.push_back(std::move(c));
        } else if constexpr (std::is_same_v<T, EditLanguage>) {
          const auto& langs = state_.draft.languages;
          if (screen == StaffScreen::edit && std::find(langs.begin(), langs.end(), i.language) != langs.end()) {
            state_.edit_language = i.language;
            state_.keys = CommentDraft{};
            if (Question* q = edited_question()) state_.keys.shift = q->text[i.language].empty();
          }
        } else if constexpr (std::is_same_v<T, SetFollowUp>) {
          Question* q = edited_question();
          if (screen == StaffScreen::edit && q != nullptr && editable()) {
            q->follow_up = i.rule;
            state_.dirty = true;
          }
        } else if constexpr (std::is_same_v<T, SetAlwaysOpen>) {
          Question* q = edited_question();
          if (screen != StaffScreen::edit || q == nullptr || !editable()) return;
          if (i.always) q->schedule.windows.clear();
          else if (q->schedule.windows.empty()) q->schedule.windows.push_back(ScheduleWindow{0x1f, 8 * 60, 16 * 60});
          state_.dirty = true;
        } else if constexpr (std::is_same_v<T, AddWindow>) {
          Question* q = edited_question();
          if (screen == StaffScreen::edit && q != nullptr && editable() && q->schedule.windows.size() < kMaxWindows) {
            q->schedule.windows.push_back(ScheduleWindow{0x60, 10 * 60, 14 * 60});
            state_.dirty = true;
          }
        } else if constexpr (std::is_same_v<T, RemoveWindow>) {
          Question* q = edited_question();
          if (screen == StaffScreen::edit && q != nullptr && editable() && in_range(i.window, q->schedule.windows.size())) {
            q->schedule.windows.erase(q->schedule.windows.begin() + i.window);
            state_.dirty = true;
          }
        } else if constexpr (std::is_same_v<T, ToggleDay>) {
          Question* q = edited_question();
          if (screen == StaffScreen::edit && q != nullptr && editable() &&
              in_range(i.window, q->schedule.windows.size()) && i.day >= 0 && i.day < 7) {
            q->schedule.windows[static_cast<std::size_t>(i.window)].days ^= static_cast<std::uint8_t>(1u << i.day);
            state_.dirty = true;
          }
        } else if constexpr (std::is_same_v<T, ShiftTime>) {
          Question* q = edited_question();
          if (screen != StaffScreen::edit || q == nullptr || !editable() || !in_range(i.window, q->schedule.windows.size()))
            return;
          ScheduleWindow& w = q->schedule.windows[static_cast<std::size_t>(i.window)];
          int& t = i.end ? w.to_minute : w.from_minute;
          t = std::clamp(t + i.minutes, i.end ? kTimeStepMinutes : 0, i.end ? 24 * 60 : 24 * 60 - kTimeStepMinutes);
          state_.dirty = true;
        } else if constexpr (std::is_same_v<T, EditDone>) {
          if (screen == StaffScreen::edit) {
            state_.editing = -1;
            state_.screen = StaffScreen::questions;
            state_.message = {};
          }
        } else if constexpr (std::is_same_v<T, FeedbackRating>) {
          if (screen == StaffScreen::feedback && !state_.busy && i.rating >= kMinRating && i.rating <= kMaxRating) {
            state_.feedback_rating = i.rating;
            state_.message = {};
          }
        } else if constexpr (std::is_same_v<T, FeedbackQuestion>) {
          if (screen == StaffScreen::feedback && !state_.busy && state_.saved) {
            const auto& qs = state_.saved->questions;
            if (std::any_of(qs.begin(), qs.end(), [&](const Question& q) { return q.id == i.question_id; }))
              state_.feedback_question = i.question_id;
          }
        } else if constexpr (std::is_same_v<T, SaveFeedback>) {
          if (screen != StaffScreen::feedback || state_.busy) return;
          if (state_.feedback_rating == 0) {
            say("feedback.need_rating", {}, true);
            return;
          }
          if (!state_.saved || state_.feedback_question.empty()) {
            say("feedback.no_question", {}, true);
            return;
          }
          StaffCommand c = command(StaffCommand::Kind::record_feedback);
          Response& r = c.response;
          r.id = new_uuid_v7();
          r.visit_id = new_uuid_v7();
          r.device_id = settings_.device_id;
          r.unit_id = settings_.unit_id;
          r.question_id = state_.feedback_question;
          r.question_set_version = state_.saved->version;
          r.rating = state_.feedback_rating;
          if (!blank(state_.feedback_note.text)) r.comment = state_.feedback_note.text;
          r.language = state_.language;
          r.answered_at_ms = now.wall_ms;
          r.utc_offset_min = now.utc_offset_min;
          r.channel = Channel::staff;  // counted apart from the visitors' own answers
          state_.busy = true;
          say("feedback.saving");
          out.commands.push_back(std::move(c));
        } else {  // TypeText, Backspace, ToggleShift, ToggleSymbols
          edit_text(intent);
        }
      },
      intent);
  return out;
}

StaffOutput StaffFlow::on_result(const StaffResult& result, const Now& now) {
  (void)now;
  ++revision_;
  StaffOutput out;
  const auto it = pending_.find(result.request_id);
  if (it == pending_.end()) return out;
  pending_.erase(it);
  std::optional<PinGuard> guard_if_wrong;
  if (const auto g = pending_guard_.find(result.request_id); g != pending_guard_.end()) {
    guard_if_wrong = g->second;
    pending_guard_.erase(g);
  }
  const StaffScreen screen = state_.screen;
  using Kind = StaffCommand::Kind;
  switch (result.kind) {
    case Kind::verify_pin:
      state_.busy = false;
      if (result.ok) {
        state_.guard = PinGuard{};
        if (screen == StaffScreen::pin) go(StaffScreen::home, out);
        out.commands.push_back(command(Kind::load_questions));
      } else if (result.error.empty()) {
        // Wrong: the storage thread has already written the guard it was given.
        if (guard_if_wrong) state_.guard = *guard_if_wrong;
        if (kiosk::pin_locked(state_.guard, now.wall_ms, settings_.pin_rules)) say("pin.locked", {}, true);
        else say("pin.wrong", {}, true);
      } else {
        say("pin.store_failed", {{"detail", result.error}}, true);
      }
      break;
    case Kind::set_pin:
      state_.busy = false;
      if (result.ok) {
        state_.has_pin = true;
        state_.guard = PinGuard{};
        go(StaffScreen::home, out);
        say("setpin.done");
        out.commands.push_back(command(Kind::load_questions));
      } else {
        say("pin.store_failed", {{"detail", result.error}}, true);
      }
      break;
    case Kind::load_questions:
      if (result.ok && result.set) {
        state_.saved = result.set;
        state_.saved_source = result.set_source;
        if (!state_.dirty) state_.draft = *result.set;
        const auto& qs = result.set->questions;
        if (std::none_of(qs.begin(), qs.end(), [&](const Question& q) { return q.id == state_.feedback_question; })) {
          const auto first = std::find_if(qs.begin(), qs.end(), [](const Question& q) { return q.enabled; });
          state_.feedback_question = first != qs.end() ? first->id : std::string();
        }
      } else if (!result.ok) {
        say("questions.load_failed", {{"detail", result.error}}, true);
      }
      break;
    case Kind::save_questions:
      state_.busy = false;
      if (result.ok && result.set) {
        state_.saved = result.set;
        state_.saved_source = "local";
        state_.draft = *result.set;
        state_.dirty = false;
        out.new_set = result.set;
        say("questions.saved", {{"version", std::to_string(result.set->version)}});
      } else {
        say("questions.save_failed", {{"detail", result.error}}, true);
      }
      break;
    case Kind::record_feedback:
      state_.busy = false;
      if (result.ok) {
        state_.feedback_rating = 0;
        state_.feedback_note = CommentDraft{};
        say("feedback.saved");
      } else {
        say("feedback.save_failed", {{"detail", result.error}}, true);
      }
      break;
    case Kind::load_figures:
      if (result.figures) state_.figures = result.figures;
      else say("figures.load_failed", {{"detail", result.error}}, true);
      break;
    case Kind::load_health:
      if (result.health) state_.health = result.health;
      else say("health.load_failed", {{"detail", result.error}}, true);
      break;
  }
  return out;
}

StaffOutput StaffFlow::preview(StaffScreen screen, const Now& now) {
  enter(now);
  StaffOutput out;
  state_.has_pin = true;
  state_.screen = StaffScreen::home;
  out.commands.push_back(command(StaffCommand::Kind::load_questions));
  if (screen == StaffScreen::pin || screen == StaffScreen::set_pin) {
    state_.screen = screen;
    return out;
  }
  if (screen == StaffScreen::edit || screen == StaffScreen::preview) {
    go(StaffScreen::questions, out);
    state_.screen = screen;
    state_.editing = 0;
    state_.preview_index = 0;
    state_.edit_language = settings_.default_language;
    return out;
  }
  if (screen != StaffScreen::home) go(screen, out);
  return out;
}

}  // namespace hymy::kiosk
