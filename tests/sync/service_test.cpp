// hymy-sync as a process: --once, the service stopping promptly on SIGTERM, waking when the token
// file changes, `status`, and configuration errors.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "hymy/clock.hpp"
#include "sync_fixture.hpp"

extern char** environ;

namespace hymy::sync::testing {
namespace {

using Clock = std::chrono::steady_clock;

class Child {
 public:
  Child(const std::vector<std::string>& args, const std::string& output) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + args[0]);
  }
  ~Child() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  void signal(int sig) { kill(pid_, sig); }
  // The exit status, or -1 if it did not exit within `limit`.
  int wait(std::chrono::milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));  // polling a child, bounded
    }
    return -1;
  }

 private:
  pid_t pid_ = -1;
};

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling, bounded
  }
  return pred();
}

class ServiceTest : public SyncFixture {
 protected:
  std::string write_config(const std::string& extra = "") {
    const auto path = dir_ / "tablet.toml";
    std::ofstream(path) << "[device]\nid = \"tab-1\"\nunit = \"demo\"\ndatabase = \"" << device_.database
                        << "\"\ntime_zone = \"Europe/Helsinki\"\n\n[sync]\nhq_url = \"" << hq_.url()
                        << "\"\ntoken_file = \"" << config_.token_file << "\"\n"
                        << extra;
    return path.string();
  }
  std::string log() const { return (dir_ / "out.log").string(); }
};

TEST_F(ServiceTest, OnceDeliversEverythingAndStatusSaysSo) {
  clock_ms_ = hymy::now_ms();
  const auto ids = add_rows(700);
  const std::string config = write_config();
  Child once({HYMY_SYNC_BINARY, "--config", config, "--once"}, log());
  ASSERT_EQ(once.wait(std::chrono::seconds(60)), 0) << read_file(log());
  EXPECT_EQ(hq_.stored_ids(), ids);
  EXPECT_EQ(store_->unsent_count(), 0);

  Child status({HYMY_SYNC_BINARY, "status", "--config", config}, log());
  ASSERT_EQ(status.wait(std::chrono::seconds(30)), 0) << read_file(log());
  const std::string out = read_file(log());
  EXPECT_NE(out.find("queue: 0 waiting, 0 rejected"), std::string::npos) << out;
  EXPECT_NE(out.find("last error: none"), std::string::npos) << out;
}

TEST_F(ServiceTest, OnceFailsWithStatusOneWhenHqIsDown) {
  add_rows(3);
  hq_.push({Step::Mode::status, 503});
  Child once({HYMY_SYNC_BINARY, "--config", write_config(), "--once"}, log());
  EXPECT_EQ(once.wait(std::chrono::seconds(30)), 1) << read_file(log());
  EXPECT_EQ(store_->unsent_count(), 3);
}

TEST_F(ServiceTest, SigtermEndsTheSleepAtOnce) {
  clock_ms_ = hymy::now_ms();
  const auto ids = add_rows(50);
  Child service({HYMY_SYNC_BINARY, "--config", write_config("interval_seconds = 3600\n")}, log());
  ASSERT_TRUE(eventually([&] { return store_->unsent_count() == 0; }, std::chrono::seconds(30)))
      << read_file(log());
  EXPECT_EQ(hq_.stored_ids(), ids);
  const auto started = Clock::now();
  service.signal(SIGTERM);
  EXPECT_EQ(service.wait(std::chrono::seconds(10)), 0) << read_file(log());
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(3)) << "woken, not slept out";
  EXPECT_NE(read_file(log()).find("stopped"), std::string::npos);
}

TEST_F(ServiceTest, NewTokenFileWakesARefusedDaemon) {
  clock_ms_ = hymy::now_ms();
  const auto ids = add_rows(20);
  hq_.set_token("device-token-2");
  Child service({HYMY_SYNC_BINARY, "--config", write_config("interval_seconds = 3600\n")}, log());
  ASSERT_TRUE(eventually(
      [&] {
        const auto e = store_->state("sync.last_error");
        return e && e->find("re-enroll") != std::string::npos;
      },
      std::chrono::seconds(30)))
      << read_file(log());
  EXPECT_EQ(store_->unsent_count(), 20);
  write_token("device-token-2");
  EXPECT_TRUE(eventually([&] { return store_->unsent_count() == 0; }, std::chrono::seconds(20)))
      << read_file(log());
  EXPECT_EQ(hq_.stored_ids(), ids);
  service.signal(SIGTERM);
  EXPECT_EQ(service.wait(std::chrono::seconds(10)), 0);
}

TEST_F(ServiceTest, ConfigurationErrorExitsTwoNamingTheKey) {
  Child bad({HYMY_SYNC_BINARY, "--config", write_config("batch_rows = 0\n"), "--once"}, log());
  EXPECT_EQ(bad.wait(std::chrono::seconds(30)), 2);
  EXPECT_NE(read_file(log()).find("sync.batch_rows"), std::string::npos) << read_file(log());
}

}  // namespace
}  // namespace hymy::sync::testing
