// hymy-screen-bench: what a full-screen app costs on a real X display, measured the same way for
// any program, so hymy-kiosk and a browser kiosk can be put side by side.
//
//   hymy-screen-bench [--size 1280x800] [--idle-seconds 60] [--colour e06c5f --probe-y 420]
//                     -- PROGRAM ARGS...
//
// It starts a private Xvfb of that size, starts PROGRAM on it in its own process group and prints
// (key value lines, for tests/bench/run.sh):
//   first_frame_ms  from fork() until a pixel of the probe colour (the red face's fill) appears
//                   on the probe row of the X screen's left half: the screen as a visitor would
//                   see it, whatever the program thinks it drew.
//   pss_peak_mib    the highest PSS summed over the process tree, sampled from the start to the
//                   end of the idle window (/proc/PID/smaps_rollup; PSS shares libraries fairly
//                   between a program's own processes instead of counting them once per process).
//   pss_steady_mib  the same sum at the end of the idle window.
//   idle_cpu_pct    CPU time (user + system, reaped children included) of the tree over the idle
//                   window, in percent of one core. The window starts after --settle-seconds.
//   processes       how many processes the tree had at the end.
// Xvfb's own memory and CPU are not counted, for either program.
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

struct ProcStat {
  pid_t ppid = 0;
  pid_t pgid = 0;
  long long cpu_ticks = 0;  // utime + stime + cutime + cstime
};

bool read_stat(pid_t pid, ProcStat& out) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string s;
  std::getline(in, s);  // one line
  const auto close = s.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream fields(s.substr(close + 2));
  std::string f;
  // Field 3 is the state; ppid is 4, pgrp 5, utime 14, stime 15, cutime 16, cstime 17.
  for (int i = 3; i <= 17 && fields >> f; ++i) {
    if (i == 4) out.ppid = std::atoi(f.c_str());
    if (i == 5) out.pgid = std::atoi(f.c_str());
    if (i >= 14) out.cpu_ticks += std::atoll(f.c_str());
  }
  return true;
}

// The root and every descendant, plus anything left in its process group (a helper that
// double-forked away from its parent still belongs to the program).
std::map<pid_t, ProcStat> process_tree(pid_t root) {
  std::map<pid_t, ProcStat> all;
  if (DIR* d = opendir("/proc")) {
    while (dirent* e = readdir(d)) {
      const pid_t pid = std::atoi(e->d_name);
      ProcStat st;
      if (pid > 0 && read_stat(pid, st)) all[pid] = st;
    }
    closedir(d);
  }
  std::map<pid_t, ProcStat> tree;
  std::set<pid_t> frontier{root};
  while (!frontier.empty()) {
    const pid_t p = *frontier.begin();
    frontier.erase(frontier.begin());
    const auto it = all.find(p);
    if (it == all.end() || tree.count(p)) continue;
    tree[p] = it->second;
    for (const auto& [pid, st] : all)
      if (st.ppid == p) frontier.insert(pid);
  }
  for (const auto& [pid, st] : all)
    if (st.pgid == root) tree[pid] = st;
  return tree;
}

long long pss_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/smaps_rollup");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("Pss:", 0) == 0) return std::atoll(line.c_str() + 4);
  return 0;  // gone, or a kernel thread
}

long long tree_pss_kib(pid_t root) {
  long long sum = 0;
  for (const auto& [pid, st] : process_tree(root)) sum += pss_kib(pid);
  return sum;
}

double tree_cpu_seconds(pid_t root) {
  long long ticks = 0;
  for (const auto& [pid, st] : process_tree(root)) ticks += st.cpu_ticks;
  return static_cast<double>(ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// A private Xvfb; the display number comes back through -displayfd once it accepts clients.
struct Xvfb {
  pid_t pid = -1;
  std::string display;
  explicit Xvfb(const std::string& size) {
    int fds[2];
    if (pipe(fds) != 0) return;
    pid = fork();
    if (pid == 0) {
      close(fds[0]);
      const int null = open("/dev/null", O_WRONLY);
      dup2(null, STDERR_FILENO);
      const std::string fd = std::to_string(fds[1]);
      const std::string screen = size + "x24";
      execlp("Xvfb", "Xvfb", "-displayfd", fd.c_str(), "-screen", "0", screen.c_str(), "-nolisten",
             "tcp", "-br", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    // "N\n", possibly in more than one read.
    std::string number;
    char c = 0;
    while (read(fds[0], &c, 1) == 1 && c != '\n') number += c;
    close(fds[0]);
    if (!number.empty() && c == '\n') display = ":" + number;
  }
  ~Xvfb() {
    if (pid > 0) {
      kill(pid, SIGTERM);
      waitpid(pid, nullptr, 0);
    }
  }
};

bool near(unsigned long pixel, unsigned r, unsigned g, unsigned b) {
  const auto diff = [](unsigned long a, unsigned c) {
    return a > c ? a - c : c - a;
  };
  return diff((pixel >> 16) & 0xFF, r) <= 10 && diff((pixel >> 8) & 0xFF, g) <= 10 &&
         diff(pixel & 0xFF, b) <= 10;
}

int usage(const char* what) {
  std::fprintf(stderr, "hymy-screen-bench: %s\nusage: hymy-screen-bench [--size WxH] [--idle-seconds S] "
                       "[--settle-seconds S] [--colour RRGGBB] [--probe-y Y] [--timeout S] -- PROGRAM ARGS...\n",
               what);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string size = "1280x800";
  double idle_seconds = 60, settle_seconds = 5, timeout_seconds = 60;
  unsigned long colour = 0xE06C5F;  // the red face's fill, kiosk/ui/theme.hpp
  int probe_y = 420;
  int i = 1;
  for (; i < argc && std::strcmp(argv[i], "--") != 0; i += 2) {
    if (i + 1 >= argc) return usage((std::string(argv[i]) + ": expected a value").c_str());
    const std::string key = argv[i], value = argv[i + 1];
    if (key == "--size") size = value;
    else if (key == "--idle-seconds") idle_seconds = std::atof(value.c_str());
    else if (key == "--settle-seconds") settle_seconds = std::atof(value.c_str());
    else if (key == "--timeout") timeout_seconds = std::atof(value.c_str());
    else if (key == "--colour") colour = std::strtoul(value.c_str(), nullptr, 16);
    else if (key == "--probe-y") probe_y = std::atoi(value.c_str());
    else return usage(("unknown option " + key).c_str());
  }
  if (i + 1 >= argc) return usage("expected -- PROGRAM ARGS...");
  char** program = argv + i + 1;
  int width = 0, height = 0;
  if (std::sscanf(size.c_str(), "%dx%d", &width, &height) != 2 || width < 64 || height <= probe_y)
    return usage(("--size: expected WxH with a height above --probe-y, found " + size).c_str());

  Xvfb xvfb(size);
  if (xvfb.display.empty()) {
    std::fprintf(stderr, "hymy-screen-bench: Xvfb did not start (is it installed?)\n");
    return 1;
  }
  Display* x = XOpenDisplay(xvfb.display.c_str());
  if (!x) {
    std::fprintf(stderr, "hymy-screen-bench: cannot open display %s\n", xvfb.display.c_str());
    return 1;
  }
  const Window root = DefaultRootWindow(x);
  const unsigned r = (colour >> 16) & 0xFF, g = (colour >> 8) & 0xFF, b = colour & 0xFF;

  // The program's own output goes to a file, shown if it fails.
  char log_name[] = "/tmp/hymy-screen-bench-XXXXXX";
  const int log_fd = mkstemp(log_name);
  if (log_fd < 0) return usage("cannot create a temporary file");
  unlink(log_name);
  const auto show_log = [&] {
    char buf[4096];
    const ssize_t n = pread(log_fd, buf, sizeof buf, 0);
    if (n > 0) std::fwrite(buf, 1, static_cast<std::size_t>(n), stderr);
  };

  const auto started = Clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    setenv("DISPLAY", xvfb.display.c_str(), 1);
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    execvp(program[0], program);
    _exit(127);
  }
  setpgid(pid, pid);  // also here, so the group exists before the first sample either way

  long long peak_kib = 0;
  auto last_sample = Clock::now();
  const auto sample = [&] {
    peak_kib = std::max(peak_kib, tree_pss_kib(pid));
    last_sample = Clock::now();
  };
  // The left half of the probe row: every face layout puts the red face there.
  double first_frame_ms = -1;
  while (first_frame_ms < 0) {
    if (XImage* row = XGetImage(x, root, 0, probe_y, static_cast<unsigned>(width / 2), 1, AllPlanes, ZPixmap)) {
      for (int px = 0; px < width / 2 && first_frame_ms < 0; ++px)
        if (near(XGetPixel(row, px, 0), r, g, b)) first_frame_ms = ms_since(started);
      XDestroyImage(row);
    }
    if (first_frame_ms >= 0) break;
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      std::fprintf(stderr, "hymy-screen-bench: %s exited (status %d) before drawing:\n", program[0], status);
      show_log();
      return 1;
    }
    if (ms_since(started) > timeout_seconds * 1000) {
      std::fprintf(stderr, "hymy-screen-bench: no frame of colour %06lx within %.0f s\n", colour, timeout_seconds);
      show_log();
      kill(-pid, SIGKILL);
      waitpid(pid, nullptr, 0);
      return 1;
    }
    if (ms_since(last_sample) > 250) sample();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  XCloseDisplay(x);  // nothing of ours talks to the X server during the idle window

  const auto settle_end = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                             std::chrono::duration<double>(settle_seconds));
  while (Clock::now() < settle_end) {
    sample();
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  const double cpu0 = tree_cpu_seconds(pid);
  const auto idle_start = Clock::now();
  const auto idle_end = idle_start + std::chrono::duration_cast<Clock::duration>(
                                         std::chrono::duration<double>(idle_seconds));
  while (Clock::now() < idle_end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    sample();
  }
  const double cpu = tree_cpu_seconds(pid) - cpu0;
  const double wall = ms_since(idle_start) / 1000.0;
  const long long steady_kib = tree_pss_kib(pid);
  peak_kib = std::max(peak_kib, steady_kib);
  const std::size_t processes = process_tree(pid).size();

  kill(-pid, SIGTERM);
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (Clock::now() > deadline) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(-pid, SIGKILL);  // helpers that outlived the browser

  std::printf("first_frame_ms %.1f\n", first_frame_ms);
  std::printf("pss_peak_mib %.1f\n", static_cast<double>(peak_kib) / 1024.0);
  std::printf("pss_steady_mib %.1f\n", static_cast<double>(steady_kib) / 1024.0);
  std::printf("idle_cpu_pct %.3f\n", 100.0 * cpu / wall);
  std::printf("processes %zu\n", processes);
  return 0;
}
