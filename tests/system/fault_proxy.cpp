// The fault-injecting proxy (see fault_proxy.hpp). Sockets are blocking with a 2 s send timeout:
// on loopback a write of a few kilobytes completes at once, and the timeout bounds the one case
// where it could not (a peer that stopped reading), so the proxy thread can never hang.
#include "fault_proxy.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace hymy::system_test {
namespace {

using Clock = std::chrono::steady_clock;

struct Chunk {
  std::string data;
  Clock::time_point due;
};

void set_send_timeout(int fd) {
  timeval tv{2, 0};
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// Closing with SO_LINGER 0 sends RST instead of FIN: the peer sees "connection reset".
void close_with_reset(int& fd) {
  if (fd < 0) return;
  linger l{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  ::close(fd);
  fd = -1;
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

sockaddr_in loopback(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  return a;
}

}  // namespace

struct FaultProxy::Conn {
  int client = -1;
  int upstream = -1;
  Mode mode = Mode::pass;
  std::size_t after = 0;
  std::size_t up = 0;    // request bytes forwarded
  std::size_t down = 0;  // reply bytes forwarded
  std::deque<Chunk> to_upstream, to_client;
  bool client_eof = false, upstream_eof = false, upstream_shut = false;
  bool fired = false;
  bool done = false;

  ~Conn() {
    close_fd(client);
    close_fd(upstream);
  }
};

const char* FaultProxy::name(Mode mode) {
  switch (mode) {
    case Mode::pass: return "pass";
    case Mode::blackhole: return "blackhole";
    case Mode::stall_reply: return "stall_reply";
    case Mode::reset_request: return "reset_request";
    case Mode::reset_reply: return "reset_reply";
    case Mode::truncate_reply: return "truncate_reply";
    case Mode::refuse: return "refuse";
  }
  return "?";
}

FaultProxy::FaultProxy(int upstream_port, std::uint32_t seed) : upstream_port_(upstream_port), rng_(seed) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error(std::string("proxy socket: ") + std::strerror(errno));
  sockaddr_in a = loopback(0);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(listen_fd_, 64) != 0) {
    throw std::runtime_error(std::string("proxy bind/listen: ") + std::strerror(errno));
  }
  socklen_t len = sizeof a;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  if (::pipe2(wake_, O_CLOEXEC) != 0) throw std::runtime_error("proxy pipe failed");
  thread_ = std::thread([this] { run(); });
}

FaultProxy::~FaultProxy() {
  stop_ = true;
  const char c = 'x';
  [[maybe_unused]] const ssize_t n = ::write(wake_[1], &c, 1);
  thread_.join();
  close_fd(listen_fd_);
  close_fd(wake_[0]);
  close_fd(wake_[1]);
}

void FaultProxy::inject(Mode mode, int count, std::size_t min_after, std::size_t max_after) {
  std::lock_guard lock(mutex_);
  next_mode_ = mode;
  faults_left_ = count;
  min_after_ = min_after;
  max_after_ = std::max(min_after, max_after);
}

void FaultProxy::set_latency(std::chrono::milliseconds latency) {
  std::lock_guard lock(mutex_);
  latency_ = latency;
}

void FaultProxy::clear() {
  {
    std::lock_guard lock(mutex_);
    faults_left_ = 0;
    latency_ = std::chrono::milliseconds(0);
    drop_held_ = true;
  }
  const char c = 'x';
  [[maybe_unused]] const ssize_t n = ::write(wake_[1], &c, 1);
}

FaultProxy::Stats FaultProxy::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void FaultProxy::run() {
  std::vector<std::unique_ptr<Conn>> conns;
  std::vector<pollfd> fds;
  while (!stop_) {
    bool drop_held = false;
    std::chrono::milliseconds latency{0};
    {
      std::lock_guard lock(mutex_);
      drop_held = std::exchange(drop_held_, false);
      latency = latency_;
    }
    if (drop_held) {
      for (auto& c : conns) {
        if (c->mode == Mode::blackhole || c->mode == Mode::stall_reply) c->done = true;
      }
    }
    std::erase_if(conns, [](const auto& c) { return c->done; });

    fds.clear();
    fds.push_back({wake_[0], POLLIN, 0});
    fds.push_back({listen_fd_, POLLIN, 0});
    auto wait = std::chrono::milliseconds(100);
    const auto now = Clock::now();
    for (auto& c : conns) {
      fds.push_back({c->client_eof ? -1 : c->client, POLLIN, 0});
      fds.push_back({c->upstream_eof ? -1 : c->upstream, POLLIN, 0});
      for (const auto* q : {&c->to_upstream, &c->to_client}) {
        if (!q->empty()) {
          wait = std::min(wait, std::max(std::chrono::milliseconds(0),
                                         std::chrono::duration_cast<std::chrono::milliseconds>(q->front().due - now)));
        }
      }
    }
    if (::poll(fds.data(), fds.size(), static_cast<int>(wait.count())) < 0 && errno != EINTR) break;
    if (fds[0].revents != 0) {
      char buf[64];
      [[maybe_unused]] const ssize_t n = ::read(wake_[0], buf, sizeof buf);
    }
    if (stop_) break;
    // Appended after the loop below (whose indexes match `fds`), polled from the next round.
    std::unique_ptr<Conn> fresh = (fds[1].revents & POLLIN) ? accept_one() : nullptr;

    const auto t = Clock::now();
    char buf[16384];
    for (std::size_t i = 0; i < conns.size() && 2 + 2 * i < fds.size(); ++i) {
      Conn& c = *conns[i];
      // The request side.
      if (fds[2 + 2 * i].fd >= 0 && fds[2 + 2 * i].revents != 0 && !c.done) {
        const ssize_t n = ::recv(c.client, buf, sizeof buf, 0);
        if (n < 0) {
          c.done = true;  // the client reset: drop the upstream side too
          continue;
        }
        if (n == 0) {
          c.client_eof = true;
        } else if (c.mode == Mode::blackhole) {
          c.up += static_cast<std::size_t>(n);
          if (!c.fired) {
            c.fired = true;
            std::lock_guard lock(mutex_);
            ++stats_.fired;
          }
        } else if (c.mode == Mode::reset_request && c.up + static_cast<std::size_t>(n) >= c.after) {
          // Flush what is queued, forward up to the cut, and reset both sides.
          for (const Chunk& q : c.to_upstream) write_all(c.upstream, q.data.data(), q.data.size());
          c.to_upstream.clear();
          const std::size_t part = c.after - c.up;
          write_all(c.upstream, buf, part);
          c.up += part;
          close_with_reset(c.client);
          close_with_reset(c.upstream);
          c.done = true;
          std::lock_guard lock(mutex_);
          ++stats_.fired;
          stats_.bytes_up += static_cast<std::int64_t>(part);
          continue;
        } else {
          c.to_upstream.push_back({std::string(buf, static_cast<std::size_t>(n)), t + latency});
        }
      }
      // The reply side.
      if (fds[3 + 2 * i].fd >= 0 && fds[3 + 2 * i].revents != 0 && !c.done) {
        const ssize_t n = ::recv(c.upstream, buf, sizeof buf, 0);
        if (n <= 0) {
          c.upstream_eof = true;
        } else if (c.mode == Mode::stall_reply) {
          if (!c.fired) {
            c.fired = true;
            std::lock_guard lock(mutex_);
            ++stats_.fired;
          }
        } else if ((c.mode == Mode::reset_reply || c.mode == Mode::truncate_reply) &&
                   c.down + static_cast<std::size_t>(n) >= c.after) {
          for (const Chunk& q : c.to_client) write_all(c.client, q.data.data(), q.data.size());
          c.to_client.clear();
          const std::size_t part = c.after - c.down;
          write_all(c.client, buf, part);
          c.down += part;
          if (c.mode == Mode::reset_reply) {
            close_with_reset(c.client);
          } else {
            ::shutdown(c.client, SHUT_RDWR);
            close_fd(c.client);
          }
          c.done = true;
          std::lock_guard lock(mutex_);
          ++stats_.fired;
          stats_.bytes_down += static_cast<std::int64_t>(part);
          continue;
        } else {
          c.to_client.push_back({std::string(buf, static_cast<std::size_t>(n)), t + latency});
        }
      }
      if (!c.done && !pump(c, t)) c.done = true;
    }
    if (fresh) conns.push_back(std::move(fresh));
  }
  conns.clear();
}

// Forwards the chunks that are due; half-closes after the last one. False when the connection
// is finished or broken.
bool FaultProxy::pump(Conn& c, Clock::time_point now) {
  std::int64_t up = 0, down = 0;
  while (!c.to_upstream.empty() && c.to_upstream.front().due <= now) {
    const std::string& d = c.to_upstream.front().data;
    if (!write_all(c.upstream, d.data(), d.size())) return false;
    c.up += d.size();
    up += static_cast<std::int64_t>(d.size());
    c.to_upstream.pop_front();
  }
  while (!c.to_client.empty() && c.to_client.front().due <= now) {
    const std::string& d = c.to_client.front().data;
    if (!write_all(c.client, d.data(), d.size())) return false;
    c.down += d.size();
    down += static_cast<std::int64_t>(d.size());
    c.to_client.pop_front();
  }
  if (up != 0 || down != 0) {
    std::lock_guard lock(mutex_);
    stats_.bytes_up += up;
    stats_.bytes_down += down;
  }
  if (c.client_eof && c.to_upstream.empty() && c.upstream >= 0 && !c.upstream_shut) {
    ::shutdown(c.upstream, SHUT_WR);
    c.upstream_shut = true;
  }
  if (c.mode == Mode::blackhole || c.mode == Mode::stall_reply) {
    // Held until the client gives up (or clear()); the client's close ends it.
    return !c.client_eof;
  }
  if (c.upstream_eof && c.to_client.empty()) return false;  // the server closed: so do we
  if (c.client_eof && c.upstream_eof) return false;
  return true;
}

std::unique_ptr<FaultProxy::Conn> FaultProxy::accept_one() {
  const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
  if (fd < 0) return nullptr;
  auto c = std::make_unique<Conn>();
  c->client = fd;
  set_send_timeout(fd);
  {
    std::lock_guard lock(mutex_);
    ++stats_.connections;
    if (faults_left_ > 0) {
      --faults_left_;
      ++stats_.faulted;
      c->mode = next_mode_;
      c->after = std::uniform_int_distribution<std::size_t>(min_after_, max_after_)(rng_);
    }
  }
  if (c->mode == Mode::refuse) {
    close_with_reset(c->client);
    std::lock_guard lock(mutex_);
    ++stats_.fired;
    return nullptr;
  }
  if (c->mode != Mode::blackhole) {
    c->upstream = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const sockaddr_in a = loopback(upstream_port_);
    if (c->upstream < 0 || ::connect(c->upstream, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0) {
      close_with_reset(c->client);  // HQ is down: the client sees its connection reset
      return nullptr;
    }
    set_send_timeout(c->upstream);
  } else {
    c->upstream_eof = true;
  }
  return c;
}

}  // namespace hymy::system_test
