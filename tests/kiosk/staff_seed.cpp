// A unit's day in a tablet database (see staff_seed.hpp).
#include "staff_seed.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

#include "hymy/device_state_keys.hpp"
#include "hymy/figures.hpp"
#include "hymy/uuid.hpp"
#include "protocol/protocol.hpp"

namespace hymy::kiosk::testing {
namespace {

using nlohmann::json;

const char* kComments[][2] = {
    {"4", "Ystävällinen ja nopea palvelu, kiitos!"},
    {"4", "The nurse explained everything clearly. Thank you."},
    {"1", "Odotin yli tunnin eikä kukaan kertonut syytä."},
    {"3", "Hyvä palvelu, mutta aulassa oli kylmä."},
    {"2", "Parkeringen var svår att hitta."},
    {"4", "Lääkäri kuunteli ja otti huoleni vakavasti."},
};

Response answer(const std::string& question, int rating, std::int64_t at, const TimeZone& zone) {
  Response r;
  r.id = new_uuid_v7();
  r.visit_id = new_uuid_v7();
  r.device_id = "tab-1";
  r.unit_id = "demo";
  r.question_id = question;
  r.question_set_version = 1;
  r.rating = rating;
  r.language = "fi";
  r.answered_at_ms = at;
  r.utc_offset_min = zone.utc_offset_minutes(at);
  return r;
}

int pick_rating(std::mt19937& rng, double mood) {
  // Mostly satisfied, as in the field (~3.5 on average); `mood` shifts it a little.
  std::discrete_distribution<int> d({4.0, 6.0 - mood * 2, 30.0, 60.0 + mood * 10});
  return d(rng) + 1;
}

// Answers of one local day, from 08:00 up to `until_ms` (or the day's end). Early in the
// morning, before a day's worth of opening hours, they go into the first half of the day so far,
// so a test run at 05:00 sees answers today just as one at 15:00 does.
std::vector<Response> day_answers(std::mt19937& rng, const TimeZone& zone, LocalDate day, std::int64_t until_ms,
                                  int count, double mood) {
  const UtcRange r = zone.days(day, 1);
  const std::int64_t so_far = std::min(r.to_ms, until_ms) - r.from_ms;
  const std::int64_t open = r.from_ms + std::min<std::int64_t>(8 * 3'600'000, so_far / 2);
  const std::int64_t close = std::min(r.from_ms + 20 * 3'600'000, until_ms);
  std::vector<Response> out;
  if (close <= open) return out;
  // Busier before noon: a triangle-shaped spread peaking around 10-11.
  std::uniform_int_distribution<std::int64_t> u(open, close - 1);
  for (int i = 0; i < count; ++i) {
    std::int64_t at = std::min(u(rng), u(rng));
    out.push_back(answer(i % 4 == 3 ? "waiting-time" : "visit", pick_rating(rng, mood), at, zone));
  }
  return out;
}

}  // namespace

void seed_staff_day(TabletStore& store, const TimeZone& zone, const SeedOptions& o) {
  std::mt19937 rng(o.seed);
  const LocalDate today = zone.date_of(o.now_ms);
  std::vector<Response> all;
  const auto add = [&](std::vector<Response> v) { all.insert(all.end(), v.begin(), v.end()); };
  add(day_answers(rng, zone, today, o.now_ms, o.today_answers, 0.3));
  add(day_answers(rng, zone, today.plus_days(-1), INT64_MAX, o.today_answers + 14, 0.0));
  add(day_answers(rng, zone, today.plus_days(-7), INT64_MAX, o.today_answers - 8, -0.5));

  // Comments on today's answers (the latest ones), praise as well as complaints.
  std::vector<Response*> today_rows;
  const UtcRange t = zone.days(today, 1);
  for (auto& r : all)
    if (r.answered_at_ms >= t.from_ms && r.answered_at_ms < t.to_ms && r.question_id == "visit") today_rows.push_back(&r);
  std::sort(today_rows.begin(), today_rows.end(), [](auto* a, auto* b) { return a->answered_at_ms > b->answered_at_ms; });
  for (std::size_t i = 0; i < std::size(kComments) && i * 3 < today_rows.size(); ++i) {
    Response* r = today_rows[i * 3];
    r->rating = kComments[i][0][0] - '0';
    r->comment = kComments[i][1];
  }
  // A rapid repeat and two pieces of spoken feedback, counted apart.
  if (!today_rows.empty()) {
    Response again = *today_rows.back();
    again.id = new_uuid_v7();
    again.answered_at_ms += 2'000;
    again.comment.reset();
    again.flags = kFlagRapidRepeat;
    all.push_back(again);
    const std::int64_t spoken_at = std::min(o.now_ms - 60'000, today_rows.front()->answered_at_ms + 30'000);
    Response spoken = answer("visit", 4, std::max(t.from_ms, spoken_at), zone);
    spoken.channel = Channel::staff;
    spoken.comment = "Asiakas kiitti tiskillä vastaanoton joustavuutta.";
    all.push_back(spoken);
  }
  for (const auto& r : all) store.insert_response(r, false);
  // Most of it reached HQ already; the last few wait in the outbox (hours of them when the sync
  // is failing).
  const std::int64_t sent_before = o.now_ms - (o.sync_error_kind.empty() ? 20 * 60'000 : 3 * 3'600'000);
  std::vector<std::string> sent;
  for (const auto& r : store.outbox(100000, o.now_ms))
    if (r.answered_at_ms < sent_before) sent.push_back(r.id);
  store.mark_sent(sent, o.now_ms - 5 * 60'000);

  namespace keys = hymy::device_state_keys;
  store.put_state(keys::kLastAttempt, json{{"at_ms", o.now_ms - 60'000}}.dump());
  store.put_state(keys::kLastSuccess, json{{"at_ms", o.now_ms - (o.sync_error_kind.empty() ? 60'000 : 3 * 3'600'000)}, {"sent", 3}}.dump());
  if (o.sync_error_kind.empty()) {
    store.put_state(keys::kLastError, "{}");
  } else {
    store.put_state(keys::kLastError, json{{"at_ms", o.now_ms - 60'000},
                                           {"kind", o.sync_error_kind},
                                           {"message", "HQ answered 401: the device token is not valid"},
                                           {"retry_at_ms", o.now_ms + 3'600'000}}.dump());
  }
  if (o.unit_figures) {
    // The whole unit: this tablet's answers and those of two other tablets like it.
    std::vector<RatedAnswer> unit = store.answers_between(t.from_ms - 8 * 86'400'000LL, t.to_ms);
    for (int other = 0; other < 2; ++other)
      for (const auto& r : day_answers(rng, zone, today, o.now_ms, o.today_answers - 10, 0.1 * other))
        unit.push_back(RatedAnswer{r.id, r.question_id, r.answered_at_ms, r.rating, r.flags, r.channel, r.comment});
    const Figures f = compute_figures(
        [&](std::int64_t from, std::int64_t to) {
          std::vector<RatedAnswer> in;
          for (const auto& a : unit)
            if (a.answered_at_ms >= from && a.answered_at_ms < to) in.push_back(a);
          return in;
        },
        today, 1, zone);
    const std::string body = protocol::encode_figures("demo", f, o.now_ms - 4 * 60'000);
    store.put_state(keys::kFiguresToday,
                    json{{"date", today.iso()}, {"fetched_at_ms", o.now_ms - 4 * 60'000}, {"figures", json::parse(body)}}.dump());
  }
}

}  // namespace hymy::kiosk::testing
