// hymy-kiosk-bench: figures of the real kiosk at 1280x800 under Xvfb/Mesa.
//   time from process start to first frame, idle CPU (default 60 s) and resident memory of an
//   untouched kiosk; frame time p50/p99 while the thank-you screen animates; tap-to-committed
//   latency p50/p99 over scripted taps (from the frame the tap is released in to the commit's
//   confirmation reaching the UI thread).
// Build it in an optimised build (the "release" preset) for meaningful figures.
#include <CLI/CLI.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "kiosk_process.hpp"
#include "test_support.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string s((std::istreambuf_iterator<char>(in)), {});
  std::istringstream fields(s.substr(s.rfind(')') + 2));
  std::string f;
  long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> f; ++i) {
    if (i == 14) utime = std::stoll(f);
    if (i == 15) stime = std::stoll(f);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

long rss_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  int idle_seconds = 60, taps = 200, frames = 600;
  CLI::App cli{"hymy-kiosk-bench: kiosk figures at 1280x800 under Xvfb"};
  cli.add_option("--idle-seconds", idle_seconds, "How long to measure idle CPU (default 60)");
  cli.add_option("--taps", taps, "Scripted taps for tap-to-committed (default 200)");
  cli.add_option("--frames", frames, "Frames measured while animating (default 600)");
  CLI11_PARSE(cli, argc, argv);

  const std::string display = hymy::kiosk::testing::xvfb_display();
  if (display.empty()) {
    std::fprintf(stderr, "hymy-kiosk-bench: Xvfb is not installed\n");
    return 1;
  }
  hymy::testing::TempDir dir;
  {
    std::ofstream(dir.file("set.json")) << R"({"unit": "demo", "version": 1, "languages": ["fi", "sv", "en"],
      "default_language": "fi", "questions": [{"id": "visit",
      "text": {"fi": "Kuinka onnistuimme tänään?", "sv": "Hur lyckades vi i dag?", "en": "How did we do today?"},
      "follow_up": {"ask": "never"}}]})";
    std::ofstream(dir.file("kiosk.toml")) << "[device]\nid = \"bench\"\nunit = \"demo\"\ndatabase = \"tablet.db\"\n"
                                             "[kiosk]\nquestion_set = \"set.json\"\ni18n_dir = \"" HYMY_BENCH_ASSETS_DIR "/i18n\"\n";
  }
  std::printf("hymy-kiosk-bench: 1280x800 on Xvfb %s\n", display.c_str());

  // 1. Start-up, idle CPU and memory of an untouched kiosk in its normal (sleeping) loop.
  {
    int fds[2];
    if (pipe(fds) != 0) return 1;
    const auto started = Clock::now();
    const pid_t pid = fork();
    if (pid == 0) {
      dup2(fds[1], STDOUT_FILENO);
      close(fds[0]);
      setenv("DISPLAY", display.c_str(), 1);
      setenv("ASAN_OPTIONS", "detect_leaks=0", 1);
      const std::string cfg = dir.file("kiosk.toml");
      execl(HYMY_KIOSK_EXE, HYMY_KIOSK_EXE, "--config", cfg.c_str(), "--windowed", "1280x800",
            "--print-first-frame", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    FILE* out = fdopen(fds[0], "r");
    char line[256] = {};
    const bool got = std::fgets(line, sizeof line, out) != nullptr && std::string(line).rfind("first-frame", 0) == 0;
    const double first_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    if (!got) {
      std::fprintf(stderr, "hymy-kiosk-bench: the kiosk did not draw a first frame\n");
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
      return 1;
    }
    std::printf("time_to_first_frame %.1f ms\n", first_ms);
    std::this_thread::sleep_for(std::chrono::seconds(2));  // let start-up frames settle
    const double cpu0 = cpu_seconds(pid);
    const auto t0 = Clock::now();
    std::this_thread::sleep_for(std::chrono::seconds(idle_seconds));
    const double cpu = cpu_seconds(pid) - cpu0;
    const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("idle_cpu %.3f %% of a core over %.0f s (%.3f s CPU)\n", 100.0 * cpu / wall, wall, cpu);
    std::printf("rss %.1f MiB\n", static_cast<double>(rss_kib(pid)) / 1024.0);
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    fclose(out);
  }

  // 2. Scripted taps, then frames while the thank-you screen animates.
  {
    std::ostringstream script;
    script << "expect_screen question\nwait_frames 5\nstats_reset\n";
    for (int i = 0; i < taps; ++i)
      script << "tap face " << (i % 4 + 1) << "\nexpect_screen thanks\nadvance_ms 4000\nexpect_screen question\n";
    script << "stats\nstats_reset\ntap face 4\nexpect_screen thanks\nwait_frames " << frames << "\nstats\nquit\n";
    std::ofstream(dir.file("bench.script")) << script.str();
    const auto r = hymy::kiosk::testing::run_process(
        {HYMY_KIOSK_EXE, "--config", dir.file("kiosk.toml"), "--script", dir.file("bench.script"), "--size",
         "1280x800", "--no-vsync"},
        display, 600'000);
    if (r.exit_code != 0) {
      std::fprintf(stderr, "hymy-kiosk-bench: scripted run failed (%d): %s\n", r.exit_code, r.err.c_str());
      return 1;
    }
    // The first "stats" block holds the taps, the second the animation frames.
    std::istringstream lines(r.out);
    std::string l;
    int blocks = 0;  // "stats" prints frame_time, then tap_to_committed
    while (std::getline(lines, l)) {
      if (l.rfind("frame_time", 0) == 0 && ++blocks == 2) std::printf("frame_time_animating %s\n", l.substr(11).c_str());
      if (l.rfind("tap_to_committed", 0) == 0 && blocks == 1) std::printf("%s\n", l.c_str());
    }
  }
  return 0;
}
