// HqServer under more connections than workers: a kept-alive connection must not hold a worker
// while other connections wait, and the listen backlog must take a burst of connections.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "hq_test_support.hpp"

namespace hymy::hq::test {
namespace {

class ServerLoadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.port = 0;
    options.threads = 1;
    options.keep_alive_timeout = std::chrono::seconds(30);  // far longer than the test waits
    server_ = std::make_unique<HqServer>(options);
    server_->get("/ping", "ping", [](const httplib::Request&, httplib::Response& res) { send_json(res, "{}"); });
    port_ = server_->bind();
    thread_ = std::thread([this] { server_->run(); });
    ASSERT_TRUE(server_->wait_until_running(std::chrono::seconds(10)));
  }
  void TearDown() override {
    server_->stop();
    thread_.join();
  }

  // Connecting and each receive are bounded (SO_SNDTIMEO bounds connect on Linux).
  int connect_socket(int timeout_s = 10) const {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{timeout_s, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port_));
    ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    return fd;
  }
  // Sends GET /ping and returns the response head (bounded by the socket's receive timeout).
  static std::string ping(int fd) {
    const std::string request = "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n";
    ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    std::string out;
    char c;
    while (out.find("\r\n\r\n") == std::string::npos && ::recv(fd, &c, 1, 0) == 1) out += c;
    char body[2];
    if (out.find("Content-Length: 2") != std::string::npos) ::recv(fd, body, 2, MSG_WAITALL);
    return out;
  }

  std::unique_ptr<HqServer> server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(ServerLoadTest, AKeptAliveConnectionGivesWayToAWaitingOne) {
  const int a = connect_socket();
  const std::string first = ping(a);
  ASSERT_NE(first.find("200"), std::string::npos) << first;
  EXPECT_EQ(first.find("Connection: close"), std::string::npos) << "nobody waits yet: keep alive";
  // The only worker now waits on `a`; `b` queues behind it.
  const int b = connect_socket();
  const std::string request = "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n";
  ::send(b, request.data(), request.size(), MSG_NOSIGNAL);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  std::string second;
  // `a` keeps asking; once the server has queued `b`, the reply to `a` ends `a`'s connection.
  while (second.find("Connection: close") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    second = ping(a);
    ASSERT_NE(second.find("200"), std::string::npos) << second;
  }
  EXPECT_NE(second.find("Connection: close"), std::string::npos) << second;
  ::close(a);
  const auto start = std::chrono::steady_clock::now();
  std::string head;
  char c;
  while (head.find("\r\n\r\n") == std::string::npos && ::recv(b, &c, 1, 0) == 1) head += c;
  EXPECT_NE(head.find("200"), std::string::npos) << head;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5)) << "b waited for a's keep-alive";
  ::close(b);
}

TEST_F(ServerLoadTest, ABurstOfConnectionsFitsTheListenBacklog) {
  // Far more than httplib's own backlog of 5, all connected before the one worker accepts more.
  // A connection beyond the backlog would wait for the client's SYN retransmit, a second later.
  const auto start = std::chrono::steady_clock::now();
  std::vector<int> fds;
  const auto deadline = start + std::chrono::seconds(10);
  for (int i = 0; i < 200 && std::chrono::steady_clock::now() < deadline; ++i) fds.push_back(connect_socket(1));
  const std::string request = "GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  for (int fd : fds) ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  int ok = 0;
  for (int fd : fds) {
    std::string head;
    char c;
    while (head.find("\r\n\r\n") == std::string::npos && std::chrono::steady_clock::now() < deadline &&
           ::recv(fd, &c, 1, 0) == 1) {
      head += c;
    }
    ok += head.find(" 200 ") != std::string::npos ? 1 : 0;
    ::close(fd);
  }
  EXPECT_EQ(ok, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(900));
}

}  // namespace
}  // namespace hymy::hq::test
