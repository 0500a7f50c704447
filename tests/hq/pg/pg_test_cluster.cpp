// The throwaway cluster: programs run by fork/exec (as the postgres user when we are root), each
// bounded in time, their output kept in the cluster directory for error messages.
#include "pg_test_cluster.hpp"

#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "store/pg_connection.hpp"

namespace hymy::hq::test {
namespace {

using namespace std::chrono_literals;

struct Identity {
  uid_t uid;
  gid_t gid;
  bool switch_user;
};

// Who runs the server: ourselves, or (as root, where initdb refuses) the postgres system user.
Identity server_identity() {
  if (::geteuid() != 0) return {::geteuid(), ::getegid(), false};
  for (const char* name : {"postgres", "nobody"}) {
    if (const passwd* pw = ::getpwnam(name)) return {pw->pw_uid, pw->pw_gid, true};
  }
  throw std::runtime_error("running as root, but neither a postgres nor a nobody user exists to run PostgreSQL as");
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs `argv` as `who`, output appended to `log`; throws naming the step when it fails or takes
// longer than `limit`.
void run(const std::vector<std::string>& argv, const Identity& who,
         const std::filesystem::path& log, std::chrono::seconds limit) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec.
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::close(fd);
    }
    const int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, 0);
    if (who.switch_user) {
      if (::setgroups(0, nullptr) != 0 || ::setgid(who.gid) != 0 || ::setuid(who.uid) != 0) ::_exit(126);
    }
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      throw std::runtime_error(argv[0] + " took longer than " + std::to_string(limit.count()) +
                               " s; its output:\n" + slurp(log));
    }
    std::this_thread::sleep_for(10ms);
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error(argv[0] + " failed (status " + std::to_string(status) +
                             "); its output:\n" + slurp(log));
  }
}

int free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot find a free loopback port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace

std::optional<std::filesystem::path> pg_bin_dir() {
  std::vector<std::filesystem::path> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
    const auto bin = entry.path() / "bin";
    if (std::filesystem::exists(bin / "initdb") && std::filesystem::exists(bin / "pg_ctl")) found.push_back(bin);
  }
  if (found.empty()) return std::nullopt;
  // The newest major version: "15" < "16" sorts right for the two-digit versions Debian ships.
  std::sort(found.begin(), found.end());
  return found.back();
}

PgTestCluster::PgTestCluster(const PgClusterOptions& options) {
  const auto bin = pg_bin_dir();
  if (!bin) throw std::runtime_error("PostgreSQL's server is not installed (no /usr/lib/postgresql/*/bin/initdb)");
  const Identity who = server_identity();

  std::string pattern = (std::filesystem::temp_directory_path() / "hymy-pg-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp " + pattern + " failed");
  dir_ = pattern;
  // Only the server's user may enter (initdb insists on 0700 for the data directory anyway).
  if (who.switch_user && ::chown(dir_.c_str(), who.uid, who.gid) != 0) {
    throw std::runtime_error("cannot give " + dir_.string() + " to the postgres user");
  }
  try {
    const auto data = dir_ / "data";
    const auto log = dir_ / "setup.log";
    run({(*bin / "initdb").string(), "-D", data.string(), "-U", "hymy", "--auth=trust", "-E",
         "UTF8", "--locale=C", "--no-sync", "--no-instructions"},
        who, log, 120s);
    std::string settings = "-c listen_addresses=127.0.0.1 -k " + dir_.string() +
                           " -c max_connections=" + std::to_string(options.max_connections) +
                           " -c shared_buffers=" + options.shared_buffers;
    if (!options.durable) settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
    // A port found free may be taken before the server binds it: try a few.
    int port = 0;
    for (int attempt = 0;; ++attempt) {
      port = free_loopback_port();
      try {
        run({(*bin / "pg_ctl").string(), "-D", data.string(), "-l", (dir_ / "server.log").string(),
             "-w", "-t", "60", "-o", settings + " -p " + std::to_string(port), "start"},
            who, log, 90s);
        break;
      } catch (const std::runtime_error&) {
        if (attempt == 2) throw;
      }
    }
    const std::string server = "host=127.0.0.1 port=" + std::to_string(port) + " user=hymy";
    {
      pg::Connection admin(server + " dbname=postgres");
      admin.exec("CREATE DATABASE hymy");
    }
    conninfo_ = server + " dbname=hymy";
  } catch (const std::exception& e) {
    const std::string server_log = slurp(dir_ / "server.log");
    stop();
    throw std::runtime_error(std::string("cannot start a PostgreSQL test cluster: ") + e.what() +
                             (server_log.empty() ? "" : "\nserver log:\n" + server_log));
  }
}

PgTestCluster::PgTestCluster(std::string conninfo, std::filesystem::path dir)
    : conninfo_(std::move(conninfo)), dir_(std::move(dir)) {}

PgTestCluster::~PgTestCluster() {
  if (detached_) return;
  try {
    stop();
  } catch (...) {
    // A destructor must not throw; stop() already removed what it could.
  }
}

void PgTestCluster::stop() {
  if (dir_.empty()) return;
  const auto data = dir_ / "data";
  const auto bin = pg_bin_dir();
  if (bin && std::filesystem::exists(data / "postmaster.pid")) {
    try {
      run({(*bin / "pg_ctl").string(), "-D", data.string(), "-m", "fast", "-w", "-t", "30", "stop"},
          server_identity(), dir_ / "stop.log", 60s);
    } catch (const std::exception&) {
      // Fall through: remove the directory anyway; a server whose directory is gone exits.
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
  dir_.clear();
}

void write_cluster_state(const std::filesystem::path& file, const PgTestCluster& cluster) {
  std::ofstream out(file, std::ios::trunc);
  out << cluster.conninfo() << "\n" << cluster.dir().string() << "\n";
  if (!out) throw std::runtime_error("cannot write " + file.string());
}

std::optional<std::pair<std::string, std::filesystem::path>> read_cluster_state(
    const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string conninfo, dir;
  if (!in || !std::getline(in, conninfo) || !std::getline(in, dir) || conninfo.empty() || dir.empty()) {
    return std::nullopt;
  }
  return std::make_pair(conninfo, std::filesystem::path(dir));
}

bool pg_reachable(const std::string& conninfo) {
  try {
    pg::Connection c(conninfo + " connect_timeout=5");
    c.exec("SELECT 1");
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace hymy::hq::test
