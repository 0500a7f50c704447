// The kiosk's main loop. It sleeps in glfwWaitEventsTimeout while nothing happens, waking for
// input, for the storage thread (glfwPostEmptyEvent), and for the flow's next timer; it draws
// only when something changed or an animation runs, so an idle kiosk uses next to no CPU.
#include "app/app.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <tuple>
#include <vector>

#include "app/clock.hpp"
#include "app/kiosk_config.hpp"
#include "app/script.hpp"
#include "flow/utf8_text.hpp"
#include "platform/fonts.hpp"
#include "platform/png_writer.hpp"
#include "platform/window.hpp"
#include "screens/screen.hpp"
#include "storage/staff_worker.hpp"
#include "storage/storage_worker.hpp"

#ifndef HYMY_VERSION
#define HYMY_VERSION "unknown"
#endif

namespace hymy::kiosk {
namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_stop_signal(int) { g_stop = true; }

double real_ms_precise() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

// What decides whether a frame needs drawing after the timers ran.
auto signature(const FlowState& s) {
  return std::make_tuple(s.screen, s.language, s.question_id, s.storing, s.chosen_rating,
                         s.comment.text.size(), s.comment.shift, s.comment.symbols, s.answers_in_visit);
}

std::string percentiles(std::vector<double> v) {
  if (v.empty()) return "n=0";
  std::sort(v.begin(), v.end());
  const auto at = [&](double p) { return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5))]; };
  char buf[128];
  std::snprintf(buf, sizeof buf, "n=%zu p50=%.2f ms p99=%.2f ms max=%.2f ms", v.size(), at(0.5), at(0.99), v.back());
  return buf;
}

class App final : public ScriptHost {
 public:
  App(const AppOptions& options, KioskSetup setup)
      : options_(options),
        setup_(std::move(setup)),
        zone_(make_zone(setup_.config)),
        window_(window_options()),
        clock_(zone_, !options_.script.empty() || !options_.screenshot.empty()),
        flow_(setup_.flow, setup_.question_set, clock_.now()),
        worker_(
            [db = setup_.config.device.database, faults = options_.faults] {
              auto store = open_tablet_response_store(db);
              return faults.any() ? with_faults(std::move(store), faults) : std::move(store);
            },
            [] { Window::wake(); }),
        staff_(setup_.staff, setup_.has_pin, setup_.pin_guard),
        staff_worker_(staff_store_setup(setup_), [] { Window::wake(); }) {
    if (!options_.script.empty()) {
      std::ifstream in(options_.script);
      if (!in) throw std::runtime_error("cannot read script " + options_.script);
      std::ostringstream text;
      text << in.rdbuf();
      script_.emplace(parse_script(text.str(), options_.script));
    }
  }

  int run();

  // --- ScriptHost ---
  std::string screen_name() const override {
    if (flow_.state().screen == Screen::staff) return std::string("staff-") + to_string(staff_.state().screen);
    return to_string(flow_.state().screen);
  }
  std::optional<std::string> value(const std::string& key) const override {
    const auto it = values_.find(key);
    if (it == values_.end()) return std::nullopt;
    return it->second;
  }
  std::map<std::string, std::string> values() const override { return values_; }
  std::string language() const override { return flow_.state().language; }
  std::string question_id() const override { return flow_.state().question_id; }
  void reset_stats() override {
    frame_ms_.clear();
    tap_ms_.clear();
  }
  std::optional<Rect> target(const std::string& name) const override { return targets_.find(name); }
  Rect viewport() const override { return viewport_; }
  void pointer_move(float x, float y) override { window_.inject_cursor(x, y); }
  void pointer_button(bool down) override { window_.inject_button(down); }
  void type_text(const std::string& utf8) override {
    for (char32_t cp : utf8_decode(utf8)) window_.inject_char(cp);
  }
  bool press_key(const std::string& name) override { return window_.inject_key(name); }
  void advance_clock(std::int64_t ms) override { clock_.advance(ms); }
  std::string screenshot(const std::string& path) override {
    int w = 0, h = 0;
    const auto pixels = window_.read_pixels(w, h);
    return write_png(path, w, h, pixels);
  }
  void print_stats() override {
    std::printf("frame_time %s\n", percentiles(frame_ms_).c_str());
    std::printf("tap_to_committed %s\n", percentiles(tap_ms_).c_str());
    std::fflush(stdout);
  }

 private:
  static StaffStoreSetup staff_store_setup(const KioskSetup& s) {
    StaffStoreSetup out;
    out.facts.device_id = s.config.device.device_id;
    out.facts.unit_id = s.config.device.unit_id;
    out.facts.app_version = HYMY_VERSION;
    out.facts.database_path = s.config.device.database;
    out.time_zone = s.config.device.time_zone;
    out.pin_iterations = s.pin_iterations;
    return out;
  }

  // What staff mode asked for: storage work, and the few things only the app can do.
  void apply(StaffOutput out, const Now& now) {
    for (StaffCommand& c : out.commands) {
      c.wall_ms = now.wall_ms;
      staff_worker_.submit(std::move(c));
    }
    if (out.new_set) pending_set_ = std::move(out.new_set);  // the visitors get it on leaving
    if (out.windowed) window_.leave_fullscreen(1280, 800);
    if (out.quit) quit_ = true;
    if (out.leave) submit(flow_.handle(LeaveStaff{}, now));
    dirty_ = true;
  }

  // The visitor flow owns the way into and out of staff mode (corner press, idle timeout).
  void follow_staff_mode(const Now& now) {
    const bool in_staff = flow_.state().screen == Screen::staff;
    if (in_staff && !staff_active_) staff_.enter(now);
    if (in_staff != staff_active_) dirty_ = true;
    staff_active_ = in_staff;
  }

  void take_staff_results(const Now& now) {
    for (const StaffResult& r : staff_worker_.take_results()) apply(staff_.on_result(r, now), now);
  }

  static TimeZone make_zone(const KioskConfig& c) {
    try {
      return TimeZone(c.device.time_zone);
    } catch (const std::exception& e) {
      throw ConfigError(c.source + ": key 'device.time_zone': " + e.what());
    }
  }

  WindowOptions window_options() const {
    WindowOptions w;
    w.vsync = options_.vsync;
    std::optional<std::pair<int, int>> size = options_.size ? options_.size : options_.windowed;
    if (!size && options_.screenshot.empty()) size = setup_.config.windowed;
    if (!options_.screenshot.empty() && !size) size = std::make_pair(1280, 800);
    w.fullscreen = !size.has_value();
    if (size) std::tie(w.width, w.height) = *size;
    return w;
  }

  void submit(std::vector<StoreCommand> commands) {
    for (auto& c : commands) {
      if (c.kind == StoreCommand::Kind::insert_response) tap_started_[c.request_id] = real_ms_precise();
      worker_.submit(std::move(c));
    }
  }

  void take_store_results(const Now& now) {
    for (const StoreResult& r : worker_.take_results()) {
      if (auto it = tap_started_.find(r.request_id); it != tap_started_.end()) {
        if (r.ok) tap_ms_.push_back(real_ms_precise() - it->second);
        tap_started_.erase(it);
      }
      submit(flow_.on_stored(r, now));
      dirty_ = true;
    }
    if (auto set = worker_.take_question_set()) {
      if (set->version != flow_.question_set().version) pending_set_ = std::move(set);
    }
    if (pending_set_ && flow_.offer_question_set(*pending_set_, now)) {
      pending_set_.reset();
      dirty_ = true;
    }
  }

  void ensure_fonts() {
    const ImVec2 size = window_.size();
    if (size.x == viewport_.width() && size.y == viewport_.height() && fonts_.body != nullptr) return;
    viewport_ = Rect{0, 0, size.x, size.y};
    fonts_ = build_fonts(setup_.config.fonts, em_for_window(size.x, size.y, window_.content_scale()));
    window_.upload_fonts();
  }

  // `full`: redraw everything; otherwise a frame that only animates may redraw just what moves.
  bool draw_frame(const Now& now, bool full);

  AppOptions options_;
  KioskSetup setup_;
  TimeZone zone_;
  Window window_;
  Clock clock_;
  Flow flow_;
  StorageWorker worker_;
  std::optional<ScriptRunner> script_;
  Targets targets_;
  Rect viewport_;
  Fonts fonts_;
  bool dirty_ = true;
  bool animating_ = false;
  std::optional<Rect> animated_area_;  // of the last frame drawn
  bool corner_held_ = false;
  Screen shown_screen_ = Screen::question;
  double screen_shown_at_ms_ = 0;
  std::map<std::uint64_t, double> tap_started_;
  std::vector<double> frame_ms_;
  std::vector<double> tap_ms_;
  std::optional<QuestionSet> pending_set_;
  StaffFlow staff_;
  StaffWorker staff_worker_;
  bool staff_active_ = false;
  bool quit_ = false;
  std::int64_t shown_pin_wait_s_ = 0;
  std::map<std::string, std::string> values_;  // what the last frame drew, for scripts
};

bool App::draw_frame(const Now& now, bool full) {
  ensure_fonts();
  window_.begin_frame();
  targets_.clear();
  if (flow_.state().screen != shown_screen_) {
    shown_screen_ = flow_.state().screen;
    screen_shown_at_ms_ = real_ms_precise();
  }
  ScreenContext ctx{flow_, setup_.catalog, fonts_, targets_, viewport_};
  ctx.screen_age_s = options_.screenshot.empty() ? (real_ms_precise() - screen_shown_at_ms_) / 1000.0 : 1e9;
  ctx.now_mono_ms = now.mono_ms;
  ctx.show_face_labels = setup_.config.show_face_labels;
  ctx.staff = &staff_;
  ctx.now_wall_ms = now.wall_ms;
  ctx.zone = &zone_;
  ScreenOutput out = draw_screen(ctx);
  corner_held_ = out.corner_held;
  animating_ = out.animating;
  // What moved: where it was in the last frame and where it is now.
  std::optional<Rect> damage;
  if (!full && out.animated_area && animated_area_) {
    const Rect& a = *out.animated_area;
    const Rect& b = *animated_area_;
    damage = Rect{std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
  }
  animated_area_ = out.animated_area;
  values_ = std::move(out.values);
  for (const Intent& i : out.intents) submit(flow_.handle(i, now));
  if (flow_.state().screen == Screen::staff)
    for (const StaffIntent& i : out.staff_intents) apply(staff_.handle(i, now), now);
  follow_staff_mode(now);
  window_.end_frame(damage);
  return !out.intents.empty() || !out.staff_intents.empty();
}

int App::run() {
  if (!options_.screenshot.empty()) {
    std::optional<StaffScreen> staff_screen;
    if (options_.screen.rfind("staff-", 0) == 0) staff_screen = staff_screen_from_string(options_.screen.substr(6));
    const auto screen = staff_screen ? std::optional<Screen>(Screen::staff) : screen_from_string(options_.screen);
    if (!screen)
      throw std::runtime_error("--screen: expected question, comment, thanks, closed, failed, staff or staff-<pin, set-pin, home, "
                               "figures, questions, edit, preview, feedback, health>, found '" + options_.screen + "'");
    const auto& langs = setup_.flow.languages;
    const Language lang = options_.language.empty() ? setup_.flow.default_language : options_.language;
    if (std::find(langs.begin(), langs.end(), lang) == langs.end())
      throw std::runtime_error("--lang: expected one of the kiosk's languages, found '" + lang + "'");
    flow_.preview(*screen, lang, clock_.now());
    if (*screen == Screen::staff) {
      follow_staff_mode(clock_.now());
      apply(staff_.preview(staff_screen.value_or(StaffScreen::pin), clock_.now()), clock_.now());
      if (!options_.language.empty()) apply(staff_.handle(StaffLanguage{lang}, clock_.now()), clock_.now());
      // The screen's data comes from the staff storage thread; wait for it (bounded).
      const double until = real_ms_precise() + 10'000;
      while (staff_worker_.in_flight() > 0 && real_ms_precise() < until) window_.wait_events(0.05);
      take_staff_results(clock_.now());
      while (staff_worker_.in_flight() > 0 && real_ms_precise() < until) window_.wait_events(0.05);
      take_staff_results(clock_.now());
    }
    for (int i = 0; i < 3; ++i) {  // the first frames settle fonts and layout
      window_.poll_events();
      draw_frame(clock_.now(), true);
      if (i < 2) window_.swap();
    }
    const std::string err = screenshot(options_.screenshot);
    if (!err.empty()) throw std::runtime_error(err);
    return kExitOk;
  }

  std::signal(SIGTERM, on_stop_signal);
  std::signal(SIGINT, on_stop_signal);
  const bool scripted = script_.has_value();
  int extra_frames = 3;
  double last_frame_at = 0;
  double last_set_check = real_ms_precise();
  bool first_frame = true;

  while (!window_.should_close() && !g_stop) {
    if (scripted) {
      window_.poll_events();
    } else {
      // Sleep until input, a storage result or the next timer; while animating, pace at ~60 Hz.
      double timeout = 1.0;  // also bounds how long a stop signal waits
      if (animating_ || extra_frames > 0) {
        timeout = std::max(0.0, (last_frame_at + 1000.0 / 60.0 - real_ms_precise()) / 1000.0);
      } else {
        std::optional<std::int64_t> deadline = flow_.next_deadline_ms();
        if (staff_active_)
          if (const auto d = staff_.next_deadline_ms(clock_.now())) deadline = deadline ? std::min(*deadline, *d) : *d;
        if (deadline) timeout = std::clamp(static_cast<double>(*deadline - clock_.now().mono_ms) / 1000.0, 0.0, 1.0);
      }
      window_.wait_events(timeout);
    }
    Now now = clock_.now();
    if (window_.take_input_flag()) {
      flow_.note_activity(now);
      extra_frames = std::max(extra_frames, 3);
    }
    take_store_results(now);
    take_staff_results(now);
    if (quit_) break;
    if (!scripted && real_ms_precise() - last_set_check > 60'000) {  // HQ may have sent a new set
      worker_.request_question_set();
      last_set_check = real_ms_precise();
    }
    const auto before = signature(flow_.state());
    submit(flow_.tick(now, corner_held_));
    follow_staff_mode(now);
    if (signature(flow_.state()) != before) dirty_ = true;
    if (staff_active_) {  // the PIN pad's countdown shows whole seconds
      const std::int64_t wait_s = (staff_.pin_wait_ms(now) + 999) / 1000;
      if (wait_s != shown_pin_wait_s_) dirty_ = true;
      shown_pin_wait_s_ = wait_s;
    }
    if (dirty_) extra_frames = std::max(extra_frames, 2);
    if (!(scripted || animating_ || extra_frames > 0)) continue;

    const double start = real_ms_precise();
    dirty_ = false;
    // Input, a state change or a new screen draws whole frames for a while (extra_frames); after
    // that an animation alone redraws only its area.
    if (draw_frame(now, extra_frames > 0)) extra_frames = std::max(extra_frames, 3);
    if (script_) {
      const auto status = script_->step(*this, static_cast<std::int64_t>(start));
      if (status == ScriptRunner::Status::failed) {
        std::fprintf(stderr, "hymy-kiosk: %s\n", script_->error().c_str());
        return kExitScript;
      }
      if (status == ScriptRunner::Status::done) break;
    }
    if (quit_) break;
    window_.swap();
    last_frame_at = start;
    if (frame_ms_.size() < 1'000'000) frame_ms_.push_back(real_ms_precise() - start);
    if (extra_frames > 0) --extra_frames;
    if (first_frame && options_.print_first_frame) {
      std::printf("first-frame\n");
      std::fflush(stdout);
    }
    first_frame = false;
  }
  return kExitOk;
}

}  // namespace

int run_kiosk(const AppOptions& options) {
  KioskSetup setup = load_kiosk_setup(options.config);
  check_font_file(setup.config.fonts.regular);
  check_font_file(setup.config.fonts.bold);
  App app(options, std::move(setup));
  return app.run();
}

}  // namespace hymy::kiosk
