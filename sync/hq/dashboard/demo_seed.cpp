// The demo data generator: a seeded random walk through opening hours, visits and comments.
#include "dashboard/demo_seed.hpp"

#include <array>
#include <algorithm>
#include <random>
#include <stdexcept>

#include "auth/token.hpp"
#include "hymy/local_time.hpp"
#include "hymy/question_set_json.hpp"
#include "hymy/uuid.hpp"

namespace hymy::hq {
namespace {

struct DemoUnit {
  const char* id;
  const char* fi;
  const char* sv;
  const char* en;
  double mean_shift;  // added to the base rating tendency
  int daily_visits;   // on a weekday
  int tablets;
  const char* languages[3];  // visitors' languages by frequency
};

constexpr DemoUnit kUnits[] = {
    {"kuopio-er", "Kuopion yhteispäivystys", "Kuopio jourmottagning", "Kuopio emergency", -0.35, 46, 2, {"fi", "fi", "en"}},
    {"oulu-lab", "Oulun laboratorio", "Uleåborgs laboratorium", "Oulu laboratory", 0.25, 38, 1, {"fi", "fi", "en"}},
    {"vaasa-reception", "Vaasan keskussairaalan vastaanotto", "Vasa centralsjukhus mottagning", "Vaasa central hospital reception", 0.05, 30, 2, {"sv", "fi", "en"}},
    {"tampere-children", "Tampereen lastenpoliklinikka", "Tammerfors barnpoliklinik", "Tampere children's outpatient clinic", 0.1, 24, 1, {"fi", "fi", "sv"}},
};

const std::array<std::vector<const char*>, 3> kPositive = {{
    {"Ystävällinen ja ammattitaitoinen henkilökunta, kiitos!", "Pääsin nopeasti sisään, hyvä palvelu.",
     "Lääkäri kuunteli ja selitti kaiken selkeästi.", "Kiitos hoitajalle, joka rauhoitti lasta.",
     "Siisti odotustila ja hyvät opasteet.", "Kaikki sujui hyvin ja aikataulussa.",
     "Ajanvaraus toimi helposti ja sain ajan samalle päivälle.", "Kiitos ystävällisestä vastaanotosta!",
     "Henkilökunta oli kiireestä huolimatta rauhallinen ja kohtelias."},
    {"Mycket vänlig personal, tack!", "Snabb och smidig service.", "Läkaren tog sig tid att förklara.",
     "Bra information om vad som händer härnäst.", "Tack för ett vänligt bemötande!"},
    {"Friendly staff and very quick service.", "The nurse explained everything clearly, thank you.",
     "Clean waiting room and easy to find my way.", "Great care, I felt listened to.",
     "Staff switched to English without any fuss, thank you."},
}};

const std::array<std::vector<const char*>, 3> kNegative = {{
    {"Odotusaika oli liian pitkä, lähes kaksi tuntia.", "Kukaan ei kertonut, kauanko joutuu odottamaan.",
     "Parkkipaikkoja oli liian vähän.", "Ilmoittautumisautomaatti ei toiminut.",
     "Odotustilassa oli kylmä ja meluisaa.", "Jonotusnumeroa ei kuulutettu selvästi.",
     "Lapselle ei ollut mitään tekemistä odottaessa."},
    {"Lång väntetid och ingen information.", "Svårt att få service på svenska.", "För få sittplatser i väntrummet."},
    {"Waited far too long without any update.", "Signs were only in Finnish, hard to find the lab.",
     "The queue system was confusing."},
}};

const std::vector<const char*> kStaffNotes = {
    "Asiakas antoi palautetta puhelimessa: kiitos joustavasta ajanvarauksesta.",
    "Omainen kertoi vastaanotolla, että odotusajasta ei tiedotettu.",
    "Kirjattu asiakkaan pyynnöstä: erittäin hyvä kokemus.",
};

std::size_t language_index(const std::string& lang) { return lang == "fi" ? 0 : lang == "sv" ? 1 : 2; }

QuestionSet demo_question_set(const std::string& unit_id) {
  QuestionSet set;
  set.unit_id = unit_id;
  set.version = 1;
  set.languages = {"fi", "sv", "en"};
  set.default_language = "fi";
  auto question = [](const char* id, const char* fi, const char* sv, const char* en, FollowUp follow) {
    Question q;
    q.id = id;
    q.text = {{"fi", fi}, {"sv", sv}, {"en", en}};
    q.follow_up = follow;
    return q;
  };
  set.questions = {
      question("visit", "Kuinka onnistuimme tänään?", "Hur lyckades vi i dag?", "How did we do today?",
               {FollowUp::Kind::at_most, 2}),
      question("waiting-time", "Kuinka tyytyväinen olit odotusaikaan?", "Hur nöjd var du med väntetiden?",
               "How satisfied were you with the waiting time?", {FollowUp::Kind::never, 0}),
      question("recommend", "Suosittelisitko meitä läheisillesi?", "Skulle du rekommendera oss till dina närstående?",
               "Would you recommend us to your family and friends?", {FollowUp::Kind::always, 0}),
  };
  return set;
}

// A rating 1..4 whose expected value moves with `tendency` (about -1..1) around a base of ~3.5.
int draw_rating(std::mt19937& rng, double tendency) {
  // Base shares 5/10/15/70 % give a mean of 3.5; the tendency moves weight between 1-2 and 4.
  const double t = std::clamp(tendency, -1.2, 1.0);
  std::array<double, 4> w = {0.05 - 0.03 * t, 0.10 - 0.05 * t, 0.15, 0.70 + 0.08 * t};
  for (double& x : w) x = std::max(x, 0.01);
  std::discrete_distribution<int> pick(w.begin(), w.end());
  return pick(rng) + 1;
}

}  // namespace

DemoSeedResult seed_demo_data(HqStore& store, const DemoSeedOptions& options) {
  if (!store.units().empty()) {
    throw std::invalid_argument("demo-seed: the data directory already holds units; demo data needs an empty one");
  }
  if (options.days < 1 || options.days > 400) throw std::invalid_argument("demo-seed: --days must be 1..400");
  std::mt19937 rng(options.random_seed);
  std::uniform_real_distribution<double> unit_interval(0.0, 1.0);
  DemoSeedResult result;

  for (const DemoUnit& du : kUnits) {
    Unit unit;
    unit.id = du.id;
    unit.name = {{"fi", du.fi}, {"sv", du.sv}, {"en", du.en}};
    unit.time_zone = "Europe/Helsinki";
    store.add_unit(unit);
    store.publish_question_set(demo_question_set(unit.id), options.now_ms - std::int64_t{options.days + 7} * 86'400'000,
                               "demo-seed");
    result.unit_ids.push_back(unit.id);
    const TimeZone zone(unit.time_zone);
    const LocalDate today = zone.date_of(options.now_ms);

    for (int t = 0; t < du.tablets; ++t) {
      DeviceRecord device;
      device.id = std::string(du.id) + "-tablet-" + std::to_string(t + 1);
      device.unit_id = unit.id;
      device.token_hash = sha256_hex(new_token());  // the token itself is thrown away
      device.enrolled_at_ms = options.now_ms - std::int64_t{options.days + 7} * 86'400'000;
      store.add_device(device);
      // The second tablet of the first unit stopped syncing three days ago, to show on the overview.
      const bool stalled = (du.id == kUnits[0].id && t == 1);
      const std::int64_t synced_until = stalled ? options.now_ms - 3 * 86'400'000LL - 3'600'000 : options.now_ms;

      std::vector<Response> rows;
      double drift = 0.0;
      for (int back = options.days; back >= 0; --back) {
        const LocalDate day = today.plus_days(-back);
        drift = 0.7 * drift + 0.3 * (unit_interval(rng) - 0.5);  // slow day-to-day wander
        const bool weekend = day.weekday() >= 5;
        const double volume = du.daily_visits * (weekend ? 0.35 : 1.0) / du.tablets * (0.8 + 0.4 * unit_interval(rng));
        const int visits = static_cast<int>(volume);
        const UtcRange range = zone.days(day, 1);
        for (int v = 0; v < visits; ++v) {
          // Opening hours 7-20 with a morning and an early-afternoon peak.
          const double hour = unit_interval(rng) < 0.55 ? 8.0 + 3.0 * unit_interval(rng) + unit_interval(rng)
                                                        : 12.5 + 5.5 * unit_interval(rng);
          const std::int64_t at = range.from_ms + static_cast<std::int64_t>(hour * 3'600'000.0) +
                                  static_cast<std::int64_t>(unit_interval(rng) * 60'000.0);
          if (at >= synced_until || at >= options.now_ms) continue;
          const std::string lang = du.languages[static_cast<std::size_t>(unit_interval(rng) * 3.0) % 3];
          const std::string visit_id = uuid_v7_at(at);
          const bool staff = unit_interval(rng) < 0.025;
          const double tendency = du.mean_shift + drift;
          const char* questions[3] = {"visit", "waiting-time", "recommend"};
          for (int q = 0; q < 3; ++q) {
            if (q == 1 && unit_interval(rng) > 0.6) continue;
            if (q == 2 && unit_interval(rng) > 0.4) continue;
            if (staff && q > 0) break;
            Response r;
            r.answered_at_ms = at + q * 9'000;
            r.id = uuid_v7_at(r.answered_at_ms);
            r.visit_id = visit_id;
            r.device_id = device.id;
            r.unit_id = unit.id;
            r.question_id = questions[q];
            r.question_set_version = 1;
            r.rating = draw_rating(rng, q == 1 ? tendency - 0.5 : tendency);
            r.language = lang;
            r.utc_offset_min = zone.utc_offset_minutes(r.answered_at_ms);
            r.channel = staff ? Channel::staff : Channel::kiosk;
            if (!staff && unit_interval(rng) < 0.01) r.flags = kFlagRapidRepeat;
            const bool asks = (q == 0 && r.rating <= 2) || q == 2;
            if (staff) {
              r.comment = kStaffNotes[static_cast<std::size_t>(unit_interval(rng) * 3.0) % kStaffNotes.size()];
            } else if (asks && unit_interval(rng) < (r.rating <= 2 ? 0.5 : 0.3)) {
              const auto& pool = (r.rating >= 3 ? kPositive : kNegative)[language_index(lang)];
              r.comment = pool[static_cast<std::size_t>(unit_interval(rng) * static_cast<double>(pool.size())) % pool.size()];
            }
            rows.push_back(std::move(r));
          }
        }
      }
      // Uploaded in batches the size the tablets use.
      for (std::size_t i = 0; i < rows.size(); i += 500) {
        const std::vector<Response> batch(rows.begin() + static_cast<std::ptrdiff_t>(i),
                                          rows.begin() + static_cast<std::ptrdiff_t>(std::min(rows.size(), i + 500)));
        IngestContext context;
        context.device_id = device.id;
        context.received_at_ms = synced_until;
        result.responses += static_cast<std::int64_t>(store.ingest(batch, context).accepted.size());
      }
      if (rows.empty()) store.touch_device(device.id, synced_until);
    }
  }

  User admin;
  admin.name = "demo-admin";
  admin.role = Role::admin;
  admin.password_hash = hash_password(options.password, options.password_iterations);
  admin.created_at_ms = options.now_ms;
  store.add_user(admin);
  User viewer;
  viewer.name = "demo-viewer";
  viewer.role = Role::viewer;
  viewer.unit_ids = {result.unit_ids.front()};
  viewer.password_hash = hash_password(options.password, options.password_iterations);
  viewer.created_at_ms = options.now_ms;
  store.add_user(viewer);
  result.admin_user = admin.name;
  result.viewer_user = viewer.name;
  return result;
}

}  // namespace hymy::hq
