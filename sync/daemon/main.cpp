// hymy-sync: the tablet's sync daemon. `hymy-sync --config FILE` runs as a service,
// `--once` runs one cycle, `hymy-sync status --config FILE` prints what the daemon last did.
#include <pthread.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstring>
#include <thread>

#include "daemon/log.hpp"
#include "daemon/service.hpp"
#include "daemon/stop_signal.hpp"

int main(int argc, char** argv) {
  CLI::App app{"hymy-sync: uploads the tablet's answers to HQ and pulls its question set and figures"};
  std::string config_path;
  bool once = false;
  app.add_option("--config", config_path, "the tablet's configuration file ([device] and [sync])")
      ->check(CLI::ExistingFile);
  app.add_flag("--once", once, "run one cycle and exit (status 0 if it succeeded)");
  CLI::App* status = app.add_subcommand("status", "print the sync status stored in the database");
  status->add_option("--config", config_path, "the tablet's configuration file")
      ->required()
      ->check(CLI::ExistingFile);
  CLI11_PARSE(app, argc, argv);

  if (status->parsed()) return hymy::sync::print_status(config_path);
  if (config_path.empty()) {
    std::fprintf(stderr, "hymy-sync: --config FILE is required\n%s", app.help().c_str());
    return 2;
  }

  // Signals are taken by one thread with sigwait, which can safely wake the condition variable
  // the main loop sleeps on; a signal handler could not. SIGUSR1 only ends that thread.
  sigset_t signals;
  sigemptyset(&signals);
  for (int s : {SIGTERM, SIGINT, SIGHUP, SIGUSR1}) sigaddset(&signals, s);
  if (pthread_sigmask(SIG_BLOCK, &signals, nullptr) != 0) {
    std::fprintf(stderr, "hymy-sync: cannot block signals\n");
    return 2;
  }
  hymy::sync::StopSignal stop;
  std::thread waiter([&] {
    for (;;) {
      int sig = 0;
      if (sigwait(&signals, &sig) != 0) continue;
      if (sig == SIGHUP) {
        stop.wake();  // look at the files again now
        continue;
      }
      if (sig != SIGUSR1) hymy::sync::log_line(std::string("stopping on ") + strsignal(sig));
      stop.request_stop();
      return;
    }
  });
  const int rc = hymy::sync::run_service(config_path, once, stop);
  if (!stop.stop_requested()) pthread_kill(waiter.native_handle(), SIGUSR1);
  waiter.join();
  return rc;
}
