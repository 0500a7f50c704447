// The hymy-hq binary's admin commands and serve, run as a child process with a temp --data dir,
// or with --postgres and a fresh schema of the test PostgreSQL cluster.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "hq_test_support.hpp"
#include "store/pg_hq_store.hpp"
#include "store/sqlite_hq_store.hpp"

namespace hymy::hq::test {
namespace {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class CliTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::postgres) {
      const PgTestServer& server = pg_test_server();
      if (!server.installed) GTEST_SKIP() << server.error;
      ASSERT_FALSE(server.conninfo.empty()) << server.error;
      pg_schema_ = std::make_unique<PgTestSchema>(server.conninfo);
    }
  }
  // The storage options of a command: --data DIR, or --postgres CONNINFO.
  std::vector<std::string> storage() const {
    if (pg_schema_) return {"--postgres", pg_schema_->conninfo()};
    return {"--data", data()};
  }
  std::unique_ptr<HqStore> open_store() const {
    if (pg_schema_) return open_pg_hq_store(pg_schema_->conninfo());
    return open_sqlite_hq_store(data());
  }

  // Commands are written with "--data", data(); on PostgreSQL they get storage() instead.
  CommandResult run(const std::vector<std::string>& args, const std::string& stdin_text = "") {
    std::string cmd = quote(HYMY_HQ_BINARY);
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (args[i] == "--data" && i + 1 < args.size() && args[i + 1] == data()) {
        for (const auto& a : storage()) cmd += " " + quote(a);
        ++i;
        continue;
      }
      cmd += " " + quote(args[i]);
    }
    const auto in = dir_.path() / "stdin.txt";
    std::ofstream(in) << stdin_text;
    const auto err = dir_.path() / "stderr.txt";
    cmd += " <" + quote(in.string()) + " 2>" + quote(err.string());
    CommandResult r;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    char buf[4096];
    for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
    const int status = pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.err = slurp(err);
    return r;
  }
  std::string data() const { return (dir_.path() / "data").string(); }

  TempDir dir_;
  std::unique_ptr<PgTestSchema> pg_schema_;
};

TEST_P(CliTest, UnitDeviceUserAndQuestionSetCommands) {
  auto r = run({"unit", "add", "kuopio-er", "--data", data(), "--name-fi", "Päivystys",
                "--time-zone", "Europe/Helsinki"});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  r = run({"device", "enroll", "--data", data(), "--unit", "kuopio-er", "--device-id", "tab-1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex("token: ([0-9a-f]{64})"))) << r.out;
  const std::string token = m[1];

  const auto question_file = dir_.path() / "qs.json";
  std::ofstream(question_file) << R"({"unit": "template", "version": 2, "languages": ["fi"], "default_language": "fi",
    "questions": [{"id": "visit", "text": {"fi": "Miten onnistuimme?"}}]})";
  r = run({"question-set", "publish", "--data", data(), "--unit", "kuopio-er", question_file.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("version 2"), std::string::npos) << r.out;

  const auto pw = dir_.path() / "pw.txt";
  std::ofstream(pw) << "a sufficiently long password\n";
  r = run({"user", "add", "maija", "--data", data(), "--role", "viewer", "--unit", "kuopio-er",
           "--password-file", pw.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run({"user", "add", "admin", "--data", data(), "--role", "admin"}, "another long password\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;

  r = run({"device", "revoke", "--data", data(), "tab-1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  auto store = open_store();
  const auto device = store->device("tab-1");
  ASSERT_TRUE(device);
  EXPECT_TRUE(device->revoked);
  EXPECT_EQ(device->token_hash.size(), 64u);
  EXPECT_NE(device->token_hash, token);  // only the hash is kept
  EXPECT_EQ(store->latest_question_set("kuopio-er")->set.version, 2);
  const auto user = store->user("maija");
  ASSERT_TRUE(user);
  EXPECT_EQ(user->role, Role::viewer);
  EXPECT_EQ(user->unit_ids, std::vector<std::string>{"kuopio-er"});
  EXPECT_EQ(user->password_hash.find("sufficiently"), std::string::npos);
  EXPECT_EQ(store->user("admin")->role, Role::admin);
}

TEST_P(CliTest, ErrorsNameWhatWasWrong) {
  struct Case {
    std::vector<std::string> args;
    std::string expected;
  };
  ASSERT_EQ(run({"unit", "add", "u1", "--data", data(), "--name-fi", "Yksi"}).exit_code, 0);
  const auto bad_json = dir_.path() / "bad.json";
  std::ofstream(bad_json) << R"({"unit": "u1", "version": 1, "languages": ["fi"], "default_language": "fi", "questions": 7})";
  const std::vector<Case> cases = {
      {{"unit", "add", "u2", "--data", data(), "--name-fi", "x", "--time-zone", "Mars/Olympus"}, "Mars/Olympus"},
      {{"unit", "add", "u1", "--data", data(), "--name-fi", "x"}, "already exists"},
      {{"unit", "add", "Bad Id", "--data", data(), "--name-fi", "x"}, "unit id"},
      {{"device", "enroll", "--data", data(), "--unit", "nope"}, "nope"},
      {{"device", "revoke", "--data", data(), "ghost"}, "ghost"},
      {{"user", "add", "x1", "--data", data(), "--role", "boss"}, "--role"},
      {{"user", "add", "x2", "--data", data(), "--role", "viewer"}, "--unit"},
      {{"user", "add", "x3", "--data", data(), "--role", "viewer", "--unit", "nope"}, "nope"},
      {{"question-set", "publish", "--data", data(), "--unit", "u1", bad_json.string()}, "questions"},
      {{"question-set", "publish", "--data", data(), "--unit", "u1", "/nonexistent.json"}, "nonexistent"},
      {{"serve", "--data", data(), "--listen", "nowhere"}, "--listen"},
  };
  for (const Case& c : cases) {
    const CommandResult r = run(c.args, "short\n");
    EXPECT_NE(r.exit_code, 0) << c.args[0] << " " << c.args[1];
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << "expected \"" << c.expected << "\" in: " << r.err;
  }
  EXPECT_NE(run({"user", "add", "x4", "--data", data(), "--role", "admin"}, "short\n").err.find("password"),
            std::string::npos);
}

TEST_P(CliTest, UserAddRefusesAWeakPasswordSayingWhy) {
  struct Case {
    std::string password, expected;
  };
  const std::vector<Case> cases = {
      {"short1", "at least 12 characters"},
      {"password1234", "dictionary word"},
      {"maija-lantern-orchard", "user name"},
  };
  for (const Case& c : cases) {
    const CommandResult r = run({"user", "add", "maija", "--data", data(), "--role", "admin"}, c.password + "\n");
    EXPECT_NE(r.exit_code, 0) << c.password;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << "expected \"" << c.expected << "\" in: " << r.err;
  }
  EXPECT_FALSE(open_store()->user("maija"));
}

TEST_P(CliTest, ServeAnswersAndStopsOnSigterm) {
  ASSERT_EQ(run({"unit", "add", "u1", "--data", data(), "--name-fi", "Yksi"}).exit_code, 0);
  int err_pipe[2];
  ASSERT_EQ(pipe(err_pipe), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(err_pipe[1], STDERR_FILENO);
    close(err_pipe[0]);
    const std::vector<std::string> where = storage();
    execl(HYMY_HQ_BINARY, HYMY_HQ_BINARY, "serve", where[0].c_str(), where[1].c_str(), "--listen",
          "127.0.0.1:0", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(err_pipe[1]);
  // The first stderr line names the port; read it (bounded by the child writing or exiting).
  std::string line;
  char c;
  while (line.find('\n') == std::string::npos && read(err_pipe[0], &c, 1) == 1) line += c;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(line, m, std::regex("127\\.0\\.0\\.1:([0-9]+)"))) << line;
  httplib::Client client("127.0.0.1", std::stoi(m[1]));
  client.set_read_timeout(10);
  auto res = client.Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);

  kill(pid, SIGTERM);
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  pid_t done = 0;
  while ((done = waitpid(pid, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (done == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    FAIL() << "hymy-hq did not stop on SIGTERM";
  }
  close(err_pipe[0]);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, CliTest, kBackends, backend_name);

}  // namespace
}  // namespace hymy::hq::test
