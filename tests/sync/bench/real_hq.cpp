// The real hymy-hq as a child process (see real_hq.hpp).
#include "real_hq.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "hymy/sqlite.hpp"

namespace hymy::sync::testing {
namespace {

// Runs an admin command to completion and returns its standard output.
std::string run(const std::vector<std::string>& argv) {
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    std::vector<char*> args;
    std::vector<std::string> copy = argv;
    for (auto& a : copy) args.push_back(a.data());
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(out[1]);
  std::string text;
  char buf[512];
  for (ssize_t n; (n = read(out[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("hymy-hq " + argv[1] + " " + argv[2] + " failed (status " + std::to_string(status) + ")");
  return text;
}

}  // namespace

RealHq::RealHq(const std::string& exe, const std::string& data_dir, const std::string& unit,
               const std::string& device_id)
    : data_dir_(data_dir) {
  std::filesystem::create_directories(data_dir);
  run({exe, "unit", "add", unit, "--data", data_dir, "--name-fi", unit});
  const std::string enrolled = run({exe, "device", "enroll", "--data", data_dir, "--unit", unit, "--device-id", device_id});
  const auto at = enrolled.find("token: ");
  if (at == std::string::npos) throw std::runtime_error("hymy-hq device enroll printed no token: " + enrolled);
  token_ = enrolled.substr(at + 7, enrolled.find('\n', at) - at - 7);

  // The server's stderr goes to a file in its data directory; it says which port it took.
  const std::string log = (std::filesystem::path(data_dir) / "serve.log").string();
  pid_ = fork();
  if (pid_ == 0) {
    if (!std::freopen(log.c_str(), "w", stderr)) _exit(126);
    execl(exe.c_str(), exe.c_str(), "serve", "--data", data_dir.c_str(), "--listen", "127.0.0.1:0",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  // "hymy-hq: serving HTTP on 127.0.0.1:PORT (...)" once it listens.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (port_ == 0 && std::chrono::steady_clock::now() < deadline && waitpid(pid_, nullptr, WNOHANG) == 0) {
    std::ifstream in(log);
    for (std::string l; std::getline(in, l);) {
      const auto on = l.find("127.0.0.1:");
      if (l.find("serving") != std::string::npos && on != std::string::npos) port_ = std::stoi(l.substr(on + 10));
    }
    if (port_ == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling a file, bounded
  }
  if (port_ == 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    throw std::runtime_error("hymy-hq serve did not report a port within 20 s (see " + log + ")");
  }
}

RealHq::~RealHq() {
  kill(pid_, SIGTERM);
  waitpid(pid_, nullptr, 0);
}

std::size_t RealHq::stored_count() const {
  sqlite::Database db((std::filesystem::path(data_dir_) / "hq.sqlite3").string());
  auto st = db.prepare("SELECT count(*) FROM responses");
  st.step();
  return static_cast<std::size_t>(st.int64(0));
}

}  // namespace hymy::sync::testing
