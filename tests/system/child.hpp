// Running the real Hymy binaries from the system tests: a child process whose stdout and stderr
// go to files (so a SIGKILLed child's last lines survive), bounded waits, and a one-shot "run
// this command and give me its output" for the admin commands.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace hymy::system_test {

struct RunResult {
  int exit_code = -1;  // -1: still running when the time limit passed (it was killed)
  std::string out;
  std::string err;
};

class Child {
 public:
  // Starts argv[0] (a path) with `env` added to the environment, in `cwd` if not empty. stdout
  // and stderr are appended to `out_file` and `err_file`.
  Child(const std::vector<std::string>& argv, const std::string& out_file, const std::string& err_file,
        const std::map<std::string, std::string>& env = {}, const std::string& cwd = "");
  ~Child();  // SIGKILL and reap if still running
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  void signal(int sig);
  // Waits up to `limit` for the child to exit; its exit code (128 + signal if killed by one), or
  // nullopt if it is still running.
  std::optional<int> wait_for(std::chrono::milliseconds limit);
  // SIGKILL and reap; returns at once.
  void kill_now();
  // SIGTERM, wait up to `limit`, then SIGKILL; the exit code (-1 if it had to be killed).
  int stop(std::chrono::milliseconds limit);

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
};

// Runs a command to completion (killed after `timeout`), collecting its output; stdin is empty.
RunResult run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                      const std::map<std::string, std::string>& env = {}, const std::string& cwd = "");

std::string read_file(const std::string& path);

// Waits for `pred` to hold, checking every `every`, up to `limit`. Returns the last result.
template <class Pred>
bool wait_until(Pred pred, std::chrono::milliseconds limit,
                std::chrono::milliseconds every = std::chrono::milliseconds(25)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(every);  // polling a condition with a deadline
  }
  return pred();
}

}  // namespace hymy::system_test
