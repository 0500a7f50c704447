// The data-care commands, each a few lines over the store.
#include "cli/data_commands.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <memory>

#include "auth/password_policy.hpp"
#include "auth/token.hpp"
#include "cli/store_options.hpp"
#include "dashboard/demo_seed.hpp"
#include "hymy/clock.hpp"

namespace hymy::hq {
namespace {

struct DataArgs {
  HqStoreLocation store;
  int comment_days = 0;
  std::string response_id;
  int seed_days = 42;
  std::string password_file;
};

int retention(const DataArgs& a) {
  const std::int64_t before = now_ms() - std::int64_t{a.comment_days} * 86'400'000;
  const std::int64_t erased = open_hq_store(a.store)->erase_comments_before(before);
  std::printf("erased the comments of %lld responses answered more than %d days ago\n",
              static_cast<long long>(erased), a.comment_days);
  return 0;
}

int response_erase(const DataArgs& a) {
  if (!open_hq_store(a.store)->erase_response(a.response_id)) {
    std::fprintf(stderr, "hymy-hq: error: no response with id %s\n", a.response_id.c_str());
    return 1;
  }
  std::printf("response %s erased; a tablet re-sending it gets \"duplicate\" and it is not stored again\n",
              a.response_id.c_str());
  return 0;
}

int demo_seed(const DataArgs& a) {
  DemoSeedOptions options;
  options.now_ms = now_ms();
  options.days = a.seed_days;
  bool generated = false;
  if (!a.password_file.empty()) {
    std::ifstream in(a.password_file);
    if (!in || !std::getline(in, options.password)) {
      throw std::runtime_error("--password-file: cannot read a line from " + a.password_file);
    }
    // The demo users are demo-admin and demo-viewer; "demo" catches a password holding either name.
    if (const auto problem = password_problem(options.password, "demo")) {
      throw std::invalid_argument("--password-file: password refused: " + *problem);
    }
  } else {
    options.password = new_token().substr(0, 16);
    generated = true;
  }
  auto store = open_hq_store(a.store);
  const DemoSeedResult result = seed_demo_data(*store, options);
  std::printf("demo data: %zu units, %lld responses over %d days\n", result.unit_ids.size(),
              static_cast<long long>(result.responses), a.seed_days);
  std::printf("users: %s (admin), %s (viewer of %s)\n", result.admin_user.c_str(), result.viewer_user.c_str(),
              result.unit_ids.front().c_str());
  if (generated) std::printf("password of both: %s\n", options.password.c_str());
  return 0;
}

}  // namespace

void add_data_commands(CLI::App& app, std::function<int()>& action) {
  // Owned by the callbacks, which live as long as `app`.
  auto a = std::make_shared<DataArgs>();

  auto* ret = app.add_subcommand("retention", "Erase the comments of old responses (ratings stay)");
  add_store_options(ret, a->store);
  ret->add_option("--comments-older-than-days", a->comment_days, "erase comments answered more than N days ago")
      ->required()
      ->check(CLI::Range(1, 100000));
  ret->callback([a, &action] { action = [a] { return retention(*a); }; });

  auto* response = app.add_subcommand("response", "Manage single responses")->require_subcommand(1);
  auto* erase = response->add_subcommand("erase", "Erase one response entirely (e.g. on a data subject's request)");
  add_store_options(erase, a->store);
  erase->add_option("ID", a->response_id, "response id")->required();
  erase->callback([a, &action] { action = [a] { return response_erase(*a); }; });

  auto* seed = app.add_subcommand("demo-seed", "DEMO ONLY: fill an empty data directory with sample units, users and answers");
  add_store_options(seed, a->store);
  seed->add_option("--days", a->seed_days, "days of history")->check(CLI::Range(1, 400))->capture_default_str();
  seed->add_option("--password-file", a->password_file, "first line: the demo users' password (default: a random one, printed)");
  seed->callback([a, &action] { action = [a] { return demo_seed(*a); }; });
}

}  // namespace hymy::hq
