#include "socket_swarm.hpp"

#include "raw_client.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <vector>

namespace hymy::hostile_test {
namespace {

using Clock = std::chrono::steady_clock;

const std::string kRequestLine = "GET /healthz HTTP/1.1\r\nHost: hq\r\n";

struct Conn {
  int fd = -1;
  bool flood = false;
  std::size_t source = 0;
  std::size_t sent = 0;
  Clock::time_point next_byte;
  std::string reply;
};

int open_from(std::size_t source, int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  sockaddr_in from{};
  from.sin_family = AF_INET;
  from.sin_addr.s_addr = htonl(0x7f000002u + static_cast<std::uint32_t>(source));
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(port));
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
      (::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0 && errno != EINPROGRESS)) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

SwarmResult run_swarm(const SwarmPlan& plan) {
  SwarmResult result;
  const int ep = ::epoll_create1(0);
  if (ep < 0) throw std::runtime_error("epoll_create1 failed");
  std::vector<Conn> conns(plan.slow + plan.flood);
  std::string flood_line = "X-Flood: " + std::string(1000, 'a') + "\r\n";
  const auto start = Clock::now();
  const auto end = start + plan.duration;

  auto open_conn = [&](std::size_t i) {
    Conn& c = conns[i];
    c = Conn{-1, i >= plan.slow, i % plan.source_addresses, 0, Clock::now(), {}};
    c.fd = open_from(c.source, plan.port);
    if (c.fd < 0) {
      ++result.connect_failures;
      return;
    }
    ++result.connects;
    epoll_event ev{};
    // Slow ones are fed from the loop; only flood ones wait for room to write.
    ev.events = c.flood ? (EPOLLIN | EPOLLOUT | EPOLLRDHUP) : (EPOLLIN | EPOLLRDHUP);
    ev.data.u64 = i;
    ::epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &ev);
  };
  auto close_conn = [&](std::size_t i, bool by_server) {
    Conn& c = conns[i];
    if (c.fd < 0) return;
    if (by_server) {
      ++result.closed_by_server;
      if (const int status = status_of(c.reply)) ++result.statuses[status];
    }
    ::epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
    ::close(c.fd);
    c.fd = -1;
  };
  // Sends what a connection owes now: flood ones all they can, slow ones one byte when due.
  auto feed = [&](std::size_t i) {
    Conn& c = conns[i];
    for (;;) {
      const char* data;
      std::size_t size;
      if (c.sent < kRequestLine.size()) {
        data = kRequestLine.data() + c.sent;
        size = c.flood ? kRequestLine.size() - c.sent : 1;
      } else {
        data = flood_line.data() + (c.sent - kRequestLine.size()) % flood_line.size();
        size = c.flood ? flood_line.size() - (c.sent - kRequestLine.size()) % flood_line.size() : 1;
      }
      if (!c.flood) {
        if (Clock::now() < c.next_byte) return;
        c.next_byte = Clock::now() + plan.slow_interval;
      }
      const ssize_t n = ::send(c.fd, data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n <= 0) return;
      c.sent += static_cast<std::size_t>(n);
      result.bytes_sent += static_cast<std::size_t>(n);
      if (!c.flood) return;
    }
  };

  for (std::size_t i = 0; i < conns.size(); ++i) open_conn(i);
  std::vector<epoll_event> events(1024);
  char scratch[4096];
  while (Clock::now() < end) {
    const int n = ::epoll_wait(ep, events.data(), static_cast<int>(events.size()), 50);
    for (int k = 0; k < n; ++k) {
      const std::size_t i = events[static_cast<std::size_t>(k)].data.u64;
      Conn& c = conns[i];
      if (c.fd < 0) continue;
      const auto what = events[static_cast<std::size_t>(k)].events;
      if (what & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
        ssize_t got;
        while ((got = ::recv(c.fd, scratch, sizeof scratch, MSG_DONTWAIT)) > 0) {
          if (c.reply.size() < 256) c.reply.append(scratch, static_cast<std::size_t>(std::min<ssize_t>(got, 256)));
        }
        if (got == 0 || (got < 0 && errno != EAGAIN) || (what & (EPOLLHUP | EPOLLERR))) {
          close_conn(i, true);
          open_conn(i);
          continue;
        }
      }
      if (what & EPOLLOUT) feed(i);
    }
    std::size_t open = 0;
    for (std::size_t i = 0; i < conns.size(); ++i) {
      if (conns[i].fd < 0) {
        open_conn(i);
        continue;
      }
      ++open;
      if (!conns[i].flood) feed(i);
    }
    if (open > result.peak_open) result.peak_open = open;
  }
  for (std::size_t i = 0; i < conns.size(); ++i) close_conn(i, false);
  ::close(ep);
  return result;
}

std::string describe(const SwarmResult& r) {
  std::string out = std::to_string(r.connects) + " connects (" + std::to_string(r.connect_failures) +
                    " failed), peak " + std::to_string(r.peak_open) + " open, " +
                    std::to_string(r.closed_by_server) + " closed by HQ, " +
                    std::to_string(r.bytes_sent / 1024) + " KiB sent; replies:";
  for (const auto& [status, count] : r.statuses) out += " " + std::to_string(status) + "x" + std::to_string(count);
  return out;
}

}  // namespace hymy::hostile_test
