// HQ test fixtures.
#include "hq_test_support.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <random>

#include "auth/token.hpp"
#include "hymy/uuid.hpp"
#include "store/pg_hq_store.hpp"
#include "store/sqlite_hq_store.hpp"

namespace hymy::hq::test {

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          ("hymy-hq-test-" + std::to_string(rd()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::sqlite ? "sqlite" : "postgres";
}

std::unique_ptr<HqStore> open_test_store(Backend backend, const std::filesystem::path& dir,
                                         std::unique_ptr<PgTestSchema>& schema) {
  if (backend == Backend::sqlite) {
    // NORMAL keeps the tests fast; durability itself is SQLite's and not what these tests check.
    return open_sqlite_hq_store(dir.string(), {.synchronous_full = false});
  }
  const PgTestServer& server = pg_test_server();
  if (!server.installed) return nullptr;
  if (server.conninfo.empty()) throw std::runtime_error("no PostgreSQL for the tests: " + server.error);
  schema = std::make_unique<PgTestSchema>(server.conninfo);
  return open_pg_hq_store(schema->conninfo());
}

Response make_response(std::int64_t answered_at_ms, int rating, const std::string& question_id) {
  Response r;
  r.id = uuid_v7_at(answered_at_ms);
  r.visit_id = uuid_v7_at(answered_at_ms);
  r.question_id = question_id;
  r.question_set_version = 1;
  r.rating = rating;
  r.language = "fi";
  r.answered_at_ms = answered_at_ms;
  r.utc_offset_min = 120;
  r.channel = Channel::kiosk;
  return r;
}

Enrolled enroll(HqStore& store, const std::string& unit_id, const std::string& device_id) {
  if (!store.unit(unit_id)) {
    Unit u;
    u.id = unit_id;
    u.name["fi"] = "Yksikkö " + unit_id;
    u.time_zone = "Europe/Helsinki";
    store.add_unit(u);
  }
  Enrolled e;
  e.token = new_token();
  e.device.id = device_id;
  e.device.unit_id = unit_id;
  e.device.token_hash = sha256_hex(e.token);
  e.device.enrolled_at_ms = 1;
  store.add_device(e.device);
  return e;
}

void HqServerTest::SetUp() {
  dir_ = std::make_unique<TempDir>();
  store_ = open_test_store(GetParam(), dir_->path(), pg_schema_);
  if (!store_) GTEST_SKIP() << pg_test_server().error;
  a_ = enroll(*store_, "unit-a", "tablet-a");
  b_ = enroll(*store_, "unit-b", "tablet-b");
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = 4;
  server_ = std::make_unique<HqServer>(options);
  DeviceApiOptions api;
  api.clock = [this] { return now_ms_.load(); };
  register_health(*server_, *store_, api);
  register_device_api(*server_, *store_, api);
  port_ = server_->bind();
  thread_ = std::thread([this] { server_->run(); });
  ASSERT_TRUE(server_->wait_until_running(std::chrono::seconds(10)));
}

void HqServerTest::TearDown() {
  if (server_) {
    server_->wait_until_running(std::chrono::seconds(10));
    server_->stop();
  }
  if (thread_.joinable()) thread_.join();
  server_.reset();
  store_.reset();
  pg_schema_.reset();
  dir_.reset();
}

httplib::Client HqServerTest::client() const {
  httplib::Client c("127.0.0.1", port_);
  c.set_connection_timeout(5);
  c.set_read_timeout(10);
  c.set_write_timeout(10);
  c.set_decompress(false);
  return c;
}

httplib::Headers HqServerTest::auth(const std::string& token) const {
  return {{"Authorization", "Bearer " + token}};
}

httplib::Result HqServerTest::post_batch(const std::string& token, const std::string& body,
                                         bool gzip) const {
  auto headers = auth(token);
  if (gzip) headers.emplace("Content-Encoding", "gzip");
  return client().Post("/v1/batches", headers, body, "application/json");
}

protocol::BatchReply HqServerTest::post_rows(const std::string& token,
                                             const std::vector<Response>& rows,
                                             std::int64_t sent_at_ms) {
  protocol::Batch batch;
  batch.sent_at_ms = sent_at_ms;
  batch.responses = rows;
  auto res = post_batch(token, protocol::gzip(protocol::encode_batch(batch)), true);
  if (!res) throw std::runtime_error("POST /v1/batches failed: " + httplib::to_string(res.error()));
  if (res->status != 200) {
    throw std::runtime_error("POST /v1/batches: status " + std::to_string(res->status) + " " + res->body);
  }
  return protocol::decode_reply(res->body);
}

std::string HqServerTest::raw_exchange(const std::string& request) const {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port_));
  ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("connect failed");
  }
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string out;
  char buf[4096];
  // Reads one whole response: headers, then Content-Length bytes (or until the server closes).
  for (;;) {
    const auto header_end = out.find("\r\n\r\n");
    if (header_end != std::string::npos) {
      const auto cl = out.find("Content-Length: ");
      const std::size_t length =
          cl != std::string::npos && cl < header_end ? std::stoul(out.substr(cl + 16)) : 0;
      if (out.size() >= header_end + 4 + length) break;
    }
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

}  // namespace hymy::hq::test
