// A fault-injecting TCP proxy on loopback for the network tests (the test machines have no
// netem): it accepts on an ephemeral 127.0.0.1 port and forwards each connection to an upstream
// port, doing to the chosen connections what bad networks do. One poll()-based thread; the test
// thread decides, connection by connection, what happens (`inject`, `set_latency`, `clear`).
//
// Faults are per connection because the daemon keeps its connection alive across requests: a
// fault ends the connection, the daemon's next attempt opens a new one, and that one gets the
// next fault until `count` have been handed out.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

namespace hymy::system_test {

class FaultProxy {
 public:
  enum class Mode {
    pass,            // forward both ways (with the current latency)
    blackhole,       // accept, read and drop everything, never answer, never connect upstream
    stall_reply,     // forward the request to HQ, drop its reply: HQ stored it, the tablet never hears
    reset_request,   // forward `after` bytes of the request, then reset both sides (RST)
    reset_reply,     // forward the request and `after` bytes of the reply, then reset the client
    truncate_reply,  // forward the request and `after` bytes of the reply, then close cleanly (FIN)
    refuse,          // close at once with a reset, before reading anything
  };
  static const char* name(Mode mode);

  struct Stats {
    std::int64_t connections = 0;
    std::int64_t faulted = 0;  // connections given a fault
    std::int64_t fired = 0;    // faults that actually happened (a reset sent, a reply cut or dropped)
    std::int64_t bytes_up = 0;
    std::int64_t bytes_down = 0;
  };

  FaultProxy(int upstream_port, std::uint32_t seed);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  int port() const { return port_; }

  // The next `count` new connections get `mode`, each with `after` drawn from [min_after,
  // max_after]; later ones pass. Replaces faults not yet handed out.
  void inject(Mode mode, int count, std::size_t min_after = 0, std::size_t max_after = 0);
  // Every chunk, both ways, is held this long before it is forwarded.
  void set_latency(std::chrono::milliseconds latency);
  // No more faults or latency; connections still held (blackholed, stalled) are closed.
  void clear();
  Stats stats() const;

 private:
  struct Conn;
  void run();
  std::unique_ptr<Conn> accept_one();
  bool pump(Conn& c, std::chrono::steady_clock::time_point now);

  int upstream_port_;
  int listen_fd_ = -1;
  int wake_[2] = {-1, -1};
  int port_ = 0;
  std::atomic<bool> stop_{false};

  mutable std::mutex mutex_;  // guards the fields below, which the test thread sets
  Mode next_mode_ = Mode::pass;
  int faults_left_ = 0;
  std::size_t min_after_ = 0, max_after_ = 0;
  std::chrono::milliseconds latency_{0};
  bool drop_held_ = false;
  Stats stats_;
  std::mt19937 rng_;

  std::thread thread_;
};

}  // namespace hymy::system_test
