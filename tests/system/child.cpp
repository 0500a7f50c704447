// Child processes for the system tests (see child.hpp).
#include "child.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace hymy::system_test {
namespace {

int exit_code_of(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::vector<std::string> environment_with(const std::map<std::string, std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    const std::string name = entry.substr(0, entry.find('='));
    if (extra.count(name) == 0) env.push_back(entry);
  }
  for (const auto& [k, v] : extra) env.push_back(k + "=" + v);
  return env;
}

}  // namespace

Child::Child(const std::vector<std::string>& argv, const std::string& out_file, const std::string& err_file,
             const std::map<std::string, std::string>& env, const std::string& cwd) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env_strings = environment_with(env);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  // Its own process group, so a terminal's Ctrl-C reaches the test runner, not each child.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  const int rc = posix_spawn(&pid_, args[0], &actions, &attr, args.data(), envp.data());
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    pid_ = -1;
    throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
  }
}

Child::~Child() {
  if (pid_ > 0 && !exit_code_) kill_now();
}

bool Child::running() { return !wait_for(std::chrono::milliseconds(0)).has_value(); }

void Child::signal(int sig) {
  if (pid_ > 0 && !exit_code_) ::kill(pid_, sig);
}

std::optional<int> Child::wait_for(std::chrono::milliseconds limit) {
  if (exit_code_ || pid_ <= 0) return exit_code_;
  wait_until(
      [&] {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) exit_code_ = exit_code_of(status);
        return exit_code_.has_value();
      },
      limit, std::chrono::milliseconds(5));
  return exit_code_;
}

void Child::kill_now() {
  if (pid_ <= 0 || exit_code_) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  if (waitpid(pid_, &status, 0) == pid_) exit_code_ = exit_code_of(status);
}

int Child::stop(std::chrono::milliseconds limit) {
  signal(SIGTERM);
  if (const auto code = wait_for(limit)) return *code;
  kill_now();
  return -1;
}

RunResult run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                      const std::map<std::string, std::string>& env, const std::string& cwd) {
  char dir_template[] = "/tmp/hymy-cmd-XXXXXX";
  if (!mkdtemp(dir_template)) throw std::runtime_error("mkdtemp failed");
  const std::string dir = dir_template;
  const std::string out = dir + "/out", err = dir + "/err";
  RunResult r;
  {
    Child child(argv, out, err, env, cwd);
    const auto code = child.wait_for(timeout);
    if (!code) child.kill_now();
    r.exit_code = code.value_or(-1);
  }
  r.out = read_file(out);
  r.err = read_file(err);
  for (const auto& f : {out, err}) ::unlink(f.c_str());
  ::rmdir(dir.c_str());
  return r;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace hymy::system_test
