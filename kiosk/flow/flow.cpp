// The visitor's flow (see flow.hpp). Every rule of the kiosk's behaviour lives here, so that the
// tests can check each one without a window.
#include "flow/flow.hpp"

#include <algorithm>
#include <type_traits>

#include "flow/utf8_text.hpp"
#include "hymy/uuid.hpp"

namespace hymy::kiosk {
namespace {

constexpr const char* kScreenNames[] = {"question", "comment", "thanks", "closed", "failed", "staff"};

bool is_blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\n' || c == '\t'; });
}

}  // namespace

const char* to_string(Screen s) { return kScreenNames[static_cast<int>(s)]; }

std::optional<Screen> screen_from_string(const std::string& s) {
  for (int i = 0; i < 6; ++i)
    if (s == kScreenNames[i]) return static_cast<Screen>(i);
  return std::nullopt;
}

Flow::Flow(FlowSettings settings, QuestionSet set, const Now& now)
    : settings_(std::move(settings)), set_(std::move(set)) {
  last_activity_ms_ = now.mono_ms;
  reset_to_start(now);
}

const Question* Flow::current_question() const {
  for (const auto& q : set_.questions)
    if (q.id == state_.question_id) return &q;
  return nullptr;
}

std::vector<const Question*> Flow::open_questions(const Now& now) const {
  std::vector<const Question*> open;
  for (const auto& q : set_.questions)
    if (q.enabled && q.schedule.is_open(now.weekday, now.minute_of_day)) open.push_back(&q);
  return open;
}

void Flow::go(Screen s, const Now& now) {
  state_.screen = s;
  state_.screen_since_ms = now.mono_ms;
}

void Flow::reset_to_start(const Now& now) {
  pending_request_.reset();
  corner_since_ms_.reset();
  const std::string failure = state_.failure;
  state_ = FlowState{};
  state_.failure = failure;
  state_.language = settings_.default_language;
  const auto open = open_questions(now);
  state_.question_count = static_cast<int>(open.size());
  if (open.empty()) {
    go(Screen::closed, now);
  } else {
    state_.question_id = open.front()->id;
    go(Screen::question, now);
  }
}

bool Flow::at_rest() const {
  if (state_.storing || state_.language != settings_.default_language) return false;
  if (state_.screen == Screen::closed) return true;
  return state_.screen == Screen::question && state_.visit_id.empty() &&
         state_.question_position == 0;
}

StoreCommand Flow::make_command(StoreCommand::Kind kind) {
  StoreCommand c;
  c.kind = kind;
  c.request_id = next_request_++;
  return c;
}

std::vector<StoreCommand> Flow::rate(int rating, const Now& now) {
  const Question* q = current_question();
  if (state_.screen != Screen::question || state_.storing || q == nullptr ||
      rating < kMinRating || rating > kMaxRating)
    return {};
  if (state_.visit_id.empty()) state_.visit_id = new_uuid_v7();

  StoreCommand c = make_command(StoreCommand::Kind::insert_response);
  Response& r = c.response;
  r.id = new_uuid_v7();
  r.visit_id = state_.visit_id;
  r.device_id = settings_.device_id;
  r.unit_id = settings_.unit_id;
  r.question_id = q->id;
  r.question_set_version = set_.version;
  r.rating = rating;
  r.language = state_.language;
  r.answered_at_ms = now.wall_ms;
  r.utc_offset_min = now.utc_offset_min;
  r.channel = Channel::kiosk;
  // Stored and flagged rather than dropped: figures leave rapid repeats out, nothing is lost.
  const auto last = last_answer_ms_.find(q->id);
  if (last != last_answer_ms_.end() && now.mono_ms - last->second < settings_.rapid_repeat_ms)
    r.flags |= kFlagRapidRepeat;
  last_answer_ms_[q->id] = now.mono_ms;

  pending_wants_comment_ = q->follow_up.asks_after(rating);
  c.awaiting_comment = pending_wants_comment_;
  state_.chosen_rating = rating;
  state_.response_id = r.id;
  state_.storing = true;
  pending_request_ = c.request_id;
  pending_since_ms_ = now.mono_ms;
  return {c};
}

std::vector<StoreCommand> Flow::end_comment(bool send, const Now& now) {
  if (state_.screen != Screen::comment || state_.storing) return {};
  const bool has_text = !is_blank(state_.comment.text);
  StoreCommand c = make_command(send && has_text ? StoreCommand::Kind::attach_comment
                                                 : StoreCommand::Kind::close_comment);
  c.response_id = state_.response_id;
  if (c.kind == StoreCommand::Kind::attach_comment) c.comment = state_.comment.text;
  pending_wants_comment_ = false;
  state_.storing = true;
  pending_request_ = c.request_id;
  pending_since_ms_ = now.mono_ms;
  return {c};
}

std::vector<StoreCommand> Flow::advance(const Now& now) {
  state_.chosen_rating.reset();
  state_.response_id.clear();
  state_.comment = CommentDraft{};
  // The next question of the set that is open now; if none is left the visit is over.
  bool after_current = false;
  for (const auto& q : set_.questions) {
    if (after_current && q.enabled && q.schedule.is_open(now.weekday, now.minute_of_day)) {
      state_.question_id = q.id;
      ++state_.question_position;
      go(Screen::question, now);
      return {};
    }
    if (q.id == state_.question_id) after_current = true;
  }
  go(Screen::thanks, now);
  return {};
}

std::vector<StoreCommand> Flow::handle(const Intent& intent, const Now& now) {
  note_activity(now);
  const Screen screen = state_.screen;
  // Taps during the thank-you and failure screens are ignored: they belong to nobody's visit.
  if (screen == Screen::thanks || screen == Screen::failed) return {};

  return std::visit(
      [&](const auto& i) -> std::vector<StoreCommand> {
        using T = std::decay_t<decltype(i)>;
        if constexpr (std::is_same_v<T, Rate>) {
          return rate(i.rating, now);
        } else if constexpr (std::is_same_v<T, ChooseLanguage>) {
          const auto& langs = settings_.languages;
          if (!state_.storing && screen != Screen::staff &&
              std::find(langs.begin(), langs.end(), i.language) != langs.end())
            state_.language = i.language;
          return {};
        } else if constexpr (std::is_same_v<T, TypeText>) {
          if (screen == Screen::comment && !state_.storing &&
              utf8_append_limited(state_.comment.text, i.utf8, kMaxCommentChars) > 0)
            state_.comment.shift = false;
          return {};
        } else if constexpr (std::is_same_v<T, Backspace>) {
          if (screen == Screen::comment && !state_.storing) {
            utf8_pop_back(state_.comment.text);
            if (state_.comment.text.empty()) state_.comment.shift = true;
          }
          return {};
        } else if constexpr (std::is_same_v<T, ToggleShift>) {
          if (screen == Screen::comment) state_.comment.shift = !state_.comment.shift;
          return {};
        } else if constexpr (std::is_same_v<T, ToggleSymbols>) {
          if (screen == Screen::comment) state_.comment.symbols = !state_.comment.symbols;
          return {};
        } else if constexpr (std::is_same_v<T, SendComment>) {
          return end_comment(true, now);
        } else if constexpr (std::is_same_v<T, SkipComment>) {
          return end_comment(false, now);
        } else if constexpr (std::is_same_v<T, FinishVisit>) {
          if (screen == Screen::question && !state_.storing && state_.answers_in_visit > 0)
            go(Screen::thanks, now);
          return {};
        } else {  // LeaveStaff
          if (screen == Screen::staff) reset_to_start(now);
          return {};
        }
      },
      intent);
}

std::vector<StoreCommand> Flow::on_stored(const StoreResult& result, const Now& now) {
  // A late answer to a request the flow gave up on (timeout, inactivity) changes nothing.
  if (!pending_request_ || *pending_request_ != result.request_id) return {};
  pending_request_.reset();
  state_.storing = false;
  if (!result.ok) {
    state_.failure = result.error;
    state_.chosen_rating.reset();
    go(Screen::failed, now);
    return {};
  }
  if (state_.screen == Screen::question) {  // the rating is committed
    ++state_.answers_in_visit;
    if (pending_wants_comment_) {
      state_.comment = CommentDraft{};
      go(Screen::comment, now);
      return {};
    }
  }
  return advance(now);
}

std::vector<StoreCommand> Flow::tick(const Now& now, bool corner_held) {
  std::vector<StoreCommand> out;
  const bool corner_allowed =
      (state_.screen == Screen::question && !state_.storing) || state_.screen == Screen::closed;
  if (corner_held && corner_allowed) {
    if (!corner_since_ms_) corner_since_ms_ = now.mono_ms;
    if (now.mono_ms - *corner_since_ms_ >= settings_.staff_hold_ms) {
      reset_to_start(now);
      go(Screen::staff, now);
      note_activity(now);
      return out;
    }
  } else {
    corner_since_ms_.reset();
  }

  if (state_.storing) {
    if (now.mono_ms - pending_since_ms_ >= settings_.commit_timeout_ms) {
      pending_request_.reset();
      state_.storing = false;
      state_.failure = "the store did not confirm within " +
                       std::to_string(settings_.commit_timeout_ms) + " ms";
      go(Screen::failed, now);
    }
    return out;
  }

  const bool inactive = now.mono_ms - last_activity_ms_ >= settings_.inactivity_ms;
  switch (state_.screen) {
    case Screen::thanks:
      if (now.mono_ms - state_.screen_since_ms >= settings_.thank_you_ms) reset_to_start(now);
      break;
    case Screen::failed:
      if (now.mono_ms - state_.screen_since_ms >= settings_.failure_ms) reset_to_start(now);
      break;
    case Screen::comment:
      if (inactive) {
        // The visitor left mid-comment: the draft is discarded, the rating is released as is.
        StoreCommand c = make_command(StoreCommand::Kind::close_comment);
        c.response_id = state_.response_id;
        out.push_back(c);
        reset_to_start(now);
      }
      break;
    case Screen::question: {
      if (!at_rest() && inactive) {
        reset_to_start(now);
        break;
      }
      if (at_rest()) {
        // Between visits, follow the schedule: close, or move to the question open now.
        const auto open = open_questions(now);
        if (open.empty() || open.front()->id != state_.question_id ||
            static_cast<int>(open.size()) != state_.question_count)
          reset_to_start(now);
      }
      break;
    }
    case Screen::closed:
      if (!open_questions(now).empty()) reset_to_start(now);
      else if (inactive) state_.language = settings_.default_language;
      break;
    case Screen::staff:
      if (now.mono_ms - last_activity_ms_ >= settings_.staff_idle_ms) reset_to_start(now);
      break;
  }
  return out;
}

bool Flow::offer_question_set(const QuestionSet& set, const Now& now) {
  if (!at_rest()) return false;
  set_ = set;
  reset_to_start(now);
  return true;
}

std::optional<std::int64_t> Flow::next_deadline_ms() const {
  std::optional<std::int64_t> next;
  const auto consider = [&](std::int64_t t) { next = next ? std::min(*next, t) : t; };
  if (corner_since_ms_) consider(*corner_since_ms_ + settings_.staff_hold_ms);
  if (state_.storing) {
    consider(pending_since_ms_ + settings_.commit_timeout_ms);
  } else if (state_.screen == Screen::thanks) {
    consider(state_.screen_since_ms + settings_.thank_you_ms);
  } else if (state_.screen == Screen::failed) {
    consider(state_.screen_since_ms + settings_.failure_ms);
  } else if (state_.screen == Screen::staff) {
    consider(last_activity_ms_ + settings_.staff_idle_ms);
  } else if (!at_rest()) {
    consider(last_activity_ms_ + settings_.inactivity_ms);
  }
  return next;
}

void Flow::preview(Screen screen, const Language& language, const Now& now, const std::string& question_id) {
  reset_to_start(now);
  state_.language = language;
  if (state_.question_id.empty() && !set_.questions.empty())
    state_.question_id = set_.questions.front().id;
  for (const auto& q : set_.questions)
    if (q.id == question_id) state_.question_id = q.id;
  switch (screen) {
    case Screen::comment:
      state_.chosen_rating = 2;
      state_.response_id = "preview";
      state_.answers_in_visit = 1;
      break;
    default:
      break;
  }
  go(screen, now);
}

}  // namespace hymy::kiosk
