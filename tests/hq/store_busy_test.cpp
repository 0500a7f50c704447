// A database locked by another writer (a backup, an admin command) is a 503 with Retry-After, not
// a 500: tablets retry after the pause HQ names, and the batch was not stored in the meantime.
#include <sqlite3.h>

#include <stdexcept>

#include "hq_test_support.hpp"
#include "hymy/sqlite.hpp"
#include "store/sqlite_hq_store.hpp"

namespace hymy::hq::test {
namespace {

class StoreBusyTest : public HqServerTest {};

TEST_P(StoreBusyTest, UploadWhileAnotherWriterHoldsTheDatabaseIs503WithRetryAfter) {
  const std::vector<Response> rows = {make_response(now_ms_ - 60'000)};
  protocol::Batch batch;
  batch.sent_at_ms = now_ms_;
  batch.responses = rows;
  const std::string body = protocol::encode_batch(batch);
  {
    sqlite::Database other((dir_->path() / kHqDatabaseFile).string());
    sqlite::Transaction lock(other);  // BEGIN IMMEDIATE: HQ's writer waits its busy timeout
    auto res = post_batch(a_.token, body);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 503) << res->body;
    EXPECT_EQ(res->get_header_value("Retry-After"), "5");
    EXPECT_NE(res->body.find("busy"), std::string::npos) << res->body;
  }
  // The lock is gone: the same batch is accepted, not a duplicate, so nothing was stored before.
  const protocol::BatchReply reply = post_rows(a_.token, rows, now_ms_);
  EXPECT_EQ(reply.accepted.size(), 1U);
  EXPECT_TRUE(reply.duplicate.empty());
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreBusyTest, ::testing::Values(Backend::sqlite), backend_name);

// Which failures count as "busy", through a route that throws them.
class FailureStatusTest : public ::testing::Test {
 protected:
  // Serves one route throwing `error` and returns the reply to it.
  httplib::Result reply_to(const std::exception& error) {
    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.busy_retry_after = std::chrono::seconds(17);
    HqServer server(options);
    server.get("/fail", "fail", [&error](const auto&, auto&) {
      if (auto* e = dynamic_cast<const sqlite::Error*>(&error)) throw *e;
      throw std::runtime_error(error.what());
    });
    const int port = server.bind();
    std::thread thread([&server] { server.run(); });
    EXPECT_TRUE(server.wait_until_running(std::chrono::seconds(10)));
    httplib::Client client("127.0.0.1", port);
    auto res = client.Get("/fail");
    server.stop();
    thread.join();
    return res;
  }
};

TEST_F(FailureStatusTest, BusyAndLockedAre503WithTheConfiguredRetryAfter) {
  for (int code : {SQLITE_BUSY, SQLITE_LOCKED, SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED_SHAREDCACHE}) {
    auto res = reply_to(sqlite::Error(code, "database is locked"));
    ASSERT_TRUE(res) << code;
    EXPECT_EQ(res->status, 503) << code;
    EXPECT_EQ(res->get_header_value("Retry-After"), "17") << code;
  }
}

TEST_F(FailureStatusTest, OtherFailuresStay500WithoutRetryAfter) {
  for (int code : {SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL}) {
    auto res = reply_to(sqlite::Error(code, "disk I/O error"));
    ASSERT_TRUE(res) << code;
    EXPECT_EQ(res->status, 500) << code;
    EXPECT_FALSE(res->has_header("Retry-After")) << code;
  }
  auto res = reply_to(std::runtime_error("something else"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 500);
  EXPECT_FALSE(res->has_header("Retry-After"));
}

}  // namespace
}  // namespace hymy::hq::test
