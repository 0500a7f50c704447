// hymy-kiosk-staff-seed: fills a tablet database with a unit's day (answers, comments, sync
// status, the unit's figures) so the staff screens can be rendered or tried by hand:
//   hymy-kiosk-staff-seed --db demo.db --set assets/question-sets/default.json [--sync-error auth]
#include <CLI/CLI.hpp>

#include <cstdio>

#include "hymy/clock.hpp"
#include "hymy/question_set_json.hpp"
#include "staff_seed.hpp"

int main(int argc, char** argv) {
  std::string db, set_file, source = "local", zone_name = "Europe/Helsinki";
  hymy::kiosk::testing::SeedOptions o;
  CLI::App cli{"Seeds a tablet database with a unit's day for the kiosk's staff screens"};
  cli.add_option("--db", db, "The tablet database to create or fill")->required();
  cli.add_option("--set", set_file, "Question set JSON to store first (if the database has none)");
  cli.add_option("--source", source, "Source of that set: local or hq")->check(CLI::IsMember({"local", "hq"}));
  cli.add_option("--zone", zone_name, "The unit's time zone");
  cli.add_option("--answers", o.today_answers, "About how many answers today");
  cli.add_option("--sync-error", o.sync_error_kind, "Leave a sync error of this kind (auth, network, ...)");
  bool no_unit = false;
  cli.add_flag("--no-unit-figures", no_unit, "Store no unit figures (the staff screen shows them missing)");
  CLI11_PARSE(cli, argc, argv);
  o.unit_figures = !no_unit;
  o.now_ms = hymy::now_ms();
  try {
    hymy::TabletStore store(db);
    if (!set_file.empty() && !store.current_question_set()) store.save_question_set(hymy::load_question_set_file(set_file), source);
    hymy::kiosk::testing::seed_staff_day(store, hymy::TimeZone(zone_name), o);
    std::printf("seeded %s: %lld responses\n", db.c_str(), static_cast<long long>(store.response_count()));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hymy-kiosk-staff-seed: %s\n", e.what());
    return 1;
  }
  return 0;
}
