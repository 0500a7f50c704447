// The command-line parser and the admin commands, each a few lines over the store.
#include "cli/admin_cli.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <regex>

#include "auth/password_hash.hpp"
#include "auth/password_policy.hpp"
#include "auth/token.hpp"
#include "cli/data_commands.hpp"
#include "cli/serve.hpp"
#include "cli/store_options.hpp"
#include "hymy/clock.hpp"
#include "hymy/config_file.hpp"
#include "hymy/local_time.hpp"
#include "hymy/question_set_json.hpp"

namespace hymy::hq {
namespace {

// Ids of units, devices and users: they appear in URLs, file names and metrics labels.
void check_slug(const std::string& what, const std::string& value) {
  static const std::regex slug("[a-z0-9][a-z0-9._-]{0,63}");
  if (!std::regex_match(value, slug)) {
    throw std::invalid_argument(what + ": expected 1-64 of a-z 0-9 . _ - (starting with a letter or digit), found \"" + value + "\"");
  }
}

std::string read_password(const std::string& file) {
  std::string password;
  if (file.empty() || file == "-") {
    std::getline(std::cin, password);
  } else {
    std::ifstream in(file);
    if (!in) throw std::runtime_error("--password-file: cannot read " + file);
    std::getline(in, password);
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

struct Args {
  HqStoreLocation store;
  // unit add
  std::string unit_id, name_fi, name_sv, name_en, time_zone = "Europe/Helsinki";
  // device
  std::string device_id;
  // question-set publish
  std::string question_set_file;
  // user add
  std::string user_name, role, password_file;
  std::vector<std::string> user_units;
  // serve
  std::string listen = "127.0.0.1:8080", tls_cert, tls_key;
  std::vector<std::string> trusted_proxies;
  std::string public_url;
  ServerOptions server;  // threads and client limits; listen and TLS are set from the above
  int header_timeout_s = static_cast<int>(ServerOptions{}.header_timeout.count());
};

void add_data_option(CLI::App* cmd, Args& a) { add_store_options(cmd, a.store); }

int unit_add(const Args& a) {
  check_slug("unit id", a.unit_id);
  const TimeZone zone(a.time_zone);  // throws naming an unknown zone
  Unit unit;
  unit.id = a.unit_id;
  unit.time_zone = zone.name();
  if (!a.name_fi.empty()) unit.name["fi"] = a.name_fi;
  if (!a.name_sv.empty()) unit.name["sv"] = a.name_sv;
  if (!a.name_en.empty()) unit.name["en"] = a.name_en;
  if (unit.name.empty()) throw std::invalid_argument("unit add: give at least one of --name-fi, --name-sv, --name-en");
  open_hq_store(a.store)->add_unit(unit);
  std::printf("unit %s added (time zone %s)\n", unit.id.c_str(), unit.time_zone.c_str());
  return 0;
}

int unit_list(const Args& a) {
  for (const Unit& u : open_hq_store(a.store)->units()) {
    const auto fi = u.name.find("fi");
    std::printf("%s\t%s\t%s\n", u.id.c_str(), u.time_zone.c_str(),
                fi != u.name.end() ? fi->second.c_str() : (u.name.empty() ? "" : u.name.begin()->second.c_str()));
  }
  return 0;
}

int device_enroll(const Args& a) {
  DeviceRecord d;
  d.unit_id = a.unit_id;
  d.id = a.device_id.empty() ? a.unit_id + "-" + new_token().substr(0, 8) : a.device_id;
  check_slug("--device-id", d.id);
  const std::string token = new_token();
  d.token_hash = sha256_hex(token);
  d.enrolled_at_ms = now_ms();
  open_hq_store(a.store)->add_device(d);
  std::printf("device_id: %s\nunit: %s\ntoken: %s\n", d.id.c_str(), d.unit_id.c_str(), token.c_str());
  std::fprintf(stderr, "The token is shown only this once; HQ keeps only its hash. Put it in the "
                       "tablet's sync configuration.\n");
  return 0;
}

int device_revoke(const Args& a) {
  open_hq_store(a.store)->revoke_device(a.device_id);
  std::printf("device %s revoked; its token is refused from now on\n", a.device_id.c_str());
  return 0;
}

int device_list(const Args& a) {
  for (const DeviceRecord& d : open_hq_store(a.store)->devices()) {
    std::printf("%s\t%s\t%s\tlast_seen_ms=%s\n", d.id.c_str(), d.unit_id.c_str(),
                d.revoked ? "revoked" : "active",
                d.last_seen_ms ? std::to_string(*d.last_seen_ms).c_str() : "never");
  }
  return 0;
}

int question_set_publish(const Args& a) {
  QuestionSet set = load_question_set_file(a.question_set_file);  // throws ConfigError naming the key
  if (set.unit_id != a.unit_id) {
    // One file may serve as the template for many units; --unit decides.
    std::fprintf(stderr, "note: %s names unit \"%s\"; publishing it for unit %s\n",
                 a.question_set_file.c_str(), set.unit_id.c_str(), a.unit_id.c_str());
  }
  set.unit_id = a.unit_id;
  if (const std::string why = validate_question_set(set); !why.empty()) {
    throw std::invalid_argument(a.question_set_file + ": " + why);
  }
  const std::int64_t version = open_hq_store(a.store)->publish_question_set(set, now_ms(), "cli");
  std::printf("question set published for unit %s as version %lld\n", a.unit_id.c_str(),
              static_cast<long long>(version));
  return 0;
}

int user_add(const Args& a) {
  check_slug("user name", a.user_name);
  const auto role = role_from_string(a.role);
  if (!role) throw std::invalid_argument("--role: expected admin or viewer, found \"" + a.role + "\"");
  if (*role == Role::viewer && a.user_units.empty()) {
    throw std::invalid_argument("--unit: a viewer needs at least one unit to see");
  }
  User user;
  user.name = a.user_name;
  user.role = *role;
  user.unit_ids = a.user_units;
  user.created_at_ms = now_ms();
  auto store = open_hq_store(a.store);
  for (const std::string& unit : a.user_units) {
    if (!store->unit(unit)) throw std::invalid_argument("--unit: unit " + unit + " does not exist");
  }
  if (store->user(user.name)) throw std::invalid_argument("user " + user.name + " already exists");
  if (a.password_file.empty()) std::fprintf(stderr, "Password for %s (one line on standard input): ", user.name.c_str());
  const std::string password = read_password(a.password_file);
  if (const auto problem = password_problem(password, user.name)) {
    throw std::invalid_argument("password for " + user.name + " refused: " + *problem);
  }
  user.password_hash = hash_password(password);
  store->add_user(user);
  std::printf("user %s added (%s)\n", user.name.c_str(), to_string(user.role));
  return 0;
}

int user_list(const Args& a) {
  for (const User& u : open_hq_store(a.store)->users()) {
    std::string units;
    for (const auto& id : u.unit_ids) units += (units.empty() ? "" : ",") + id;
    std::printf("%s\t%s\t%s\n", u.name.c_str(), to_string(u.role), units.c_str());
  }
  return 0;
}

int serve_command(const Args& a) {
  ServerOptions options = a.server;
  parse_listen(a.listen, options);
  if (!a.tls_cert.empty()) options.tls_cert_file = a.tls_cert;
  if (!a.tls_key.empty()) options.tls_key_file = a.tls_key;
  options.header_timeout = std::chrono::seconds(a.header_timeout_s);
  options.trusted_proxies = TrustedProxies::parse(a.trusted_proxies);
  if (!a.public_url.empty()) options.public_url = PublicUrl::parse(a.public_url);
  return serve(a.store, options);
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"hymy-hq: Hymy's headquarters endpoint and its administration"};
  app.require_subcommand(1);
  Args a;
  std::function<int(const Args&)> command;

  auto* serve_cmd = app.add_subcommand("serve", "Serve the device API over HTTP(S)");
  add_data_option(serve_cmd, a);
  serve_cmd->add_option("--listen", a.listen, "HOST:PORT to listen on")->capture_default_str();
  serve_cmd->add_option("--tls-cert", a.tls_cert, "PEM certificate (HTTPS with --tls-key)");
  serve_cmd->add_option("--tls-key", a.tls_key, "PEM private key");
  serve_cmd->add_option("--threads", a.server.threads, "worker threads")->check(CLI::Range(1, 256))->capture_default_str();
  serve_cmd->add_option("--max-connections", a.server.max_connections, "open connections in all")
      ->check(CLI::Range(1, 1000000))->capture_default_str();
  serve_cmd->add_option("--max-connections-per-address", a.server.max_connections_per_address,
                        "open connections from one client address (behind a reverse proxy: as many as in all)")
      ->check(CLI::Range(1, 1000000))->capture_default_str();
  serve_cmd->add_option("--max-header-bytes", a.server.max_header_bytes, "request line and headers, bytes (431 beyond)")
      ->check(CLI::Range(1024, 1 << 20))->capture_default_str();
  serve_cmd->add_option("--header-timeout", a.header_timeout_s, "seconds for a request's line and headers (408 beyond)")
      ->check(CLI::Range(1, 600))->capture_default_str();
  serve_cmd->add_option("--min-body-rate", a.server.min_body_bytes_per_second, "bytes/s an upload must keep up (408 below)")
      ->check(CLI::Range(1, 1 << 30))->capture_default_str();
  serve_cmd->add_option("--trusted-proxy", a.trusted_proxies,
                        "CIDR of a reverse proxy whose X-Forwarded-For names the client (repeatable)");
  serve_cmd->add_option("--public-url", a.public_url,
                        "how people reach HQ, e.g. https://hq.example.fi (https: Secure cookies)");
  serve_cmd->callback([&] { command = serve_command; });

  auto* unit = app.add_subcommand("unit", "Manage units")->require_subcommand(1);
  auto* unit_add_cmd = unit->add_subcommand("add", "Add a unit");
  add_data_option(unit_add_cmd, a);
  unit_add_cmd->add_option("ID", a.unit_id, "unit id, e.g. kuopio-er")->required();
  unit_add_cmd->add_option("--name-fi", a.name_fi, "name in Finnish");
  unit_add_cmd->add_option("--name-sv", a.name_sv, "name in Swedish");
  unit_add_cmd->add_option("--name-en", a.name_en, "name in English");
  unit_add_cmd->add_option("--time-zone", a.time_zone, "IANA time zone")->capture_default_str();
  unit_add_cmd->callback([&] { command = unit_add; });
  auto* unit_list_cmd = unit->add_subcommand("list", "List units");
  add_data_option(unit_list_cmd, a);
  unit_list_cmd->callback([&] { command = unit_list; });

  auto* device = app.add_subcommand("device", "Manage devices")->require_subcommand(1);
  auto* enroll = device->add_subcommand("enroll", "Enroll a tablet; prints its token once");
  add_data_option(enroll, a);
  enroll->add_option("--unit", a.unit_id, "the unit the tablet belongs to")->required();
  enroll->add_option("--device-id", a.device_id, "device id (default: UNIT-<random>)");
  enroll->callback([&] { command = device_enroll; });
  auto* revoke = device->add_subcommand("revoke", "Revoke a device's token");
  add_data_option(revoke, a);
  revoke->add_option("DEVICE", a.device_id, "device id")->required();
  revoke->callback([&] { command = device_revoke; });
  auto* device_list_cmd = device->add_subcommand("list", "List devices");
  add_data_option(device_list_cmd, a);
  device_list_cmd->callback([&] { command = device_list; });

  auto* qs = app.add_subcommand("question-set", "Manage question sets")->require_subcommand(1);
  auto* publish = qs->add_subcommand("publish", "Publish a question set for a unit's tablets");
  add_data_option(publish, a);
  publish->add_option("--unit", a.unit_id, "unit id")->required();
  publish->add_option("FILE", a.question_set_file, "question-set JSON file")->required();
  publish->callback([&] { command = question_set_publish; });

  auto* user = app.add_subcommand("user", "Manage dashboard users")->require_subcommand(1);
  auto* user_add_cmd = user->add_subcommand("add", "Add a user");
  add_data_option(user_add_cmd, a);
  user_add_cmd->add_option("NAME", a.user_name, "user name")->required();
  user_add_cmd->add_option("--role", a.role, "admin or viewer")->required();
  user_add_cmd->add_option("--unit", a.user_units, "a unit a viewer may see (repeatable)");
  user_add_cmd->add_option("--password-file", a.password_file,
                           "file whose first line is the password (default: standard input)");
  user_add_cmd->callback([&] { command = user_add; });
  auto* user_list_cmd = user->add_subcommand("list", "List users");
  add_data_option(user_list_cmd, a);
  user_list_cmd->callback([&] { command = user_list; });

  std::function<int()> data_command;  // retention, response erase, demo-seed
  add_data_commands(app, data_command);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    return command ? command(a) : data_command ? data_command() : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hymy-hq: error: %s\n", e.what());
    return 1;
  }
}

}  // namespace hymy::hq
