// Shared fixtures for HQ's tests: a temporary data directory, a store with one enrolled device,
// the real HQ server on an ephemeral loopback port in a thread, and small request helpers. The
// store is SQLite or PostgreSQL: fixtures taking a Backend parameter run each test on both.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "api/device_api.hpp"
#include "hymy/model.hpp"
#include "pg/pg_test_database.hpp"
#include "protocol/protocol.hpp"
#include "server/hq_server.hpp"
#include "store/hq_store.hpp"

namespace hymy::hq::test {

// A fresh directory under the system temp dir, removed with its contents.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

enum class Backend { sqlite, postgres };
inline const auto kBackends = ::testing::Values(Backend::sqlite, Backend::postgres);
std::string backend_name(const ::testing::TestParamInfo<Backend>& info);

// Opens a store of `backend` for one test: SQLite (synchronous=NORMAL) in `dir`, or PostgreSQL in
// a fresh schema that `schema` then holds. Returns nullptr when PostgreSQL is not installed (the
// caller skips, saying pg_test_server().error); throws when it is installed but unusable.
std::unique_ptr<HqStore> open_test_store(Backend backend, const std::filesystem::path& dir,
                                         std::unique_ptr<PgTestSchema>& schema);

// A valid response row answered at `answered_at_ms` (id made from that time).
Response make_response(std::int64_t answered_at_ms, int rating = 4,
                       const std::string& question_id = "visit");

struct Enrolled {
  DeviceRecord device;
  std::string token;
};
// Adds `unit_id` (if missing, in Europe/Helsinki) and a device in it; returns its token.
Enrolled enroll(HqStore& store, const std::string& unit_id, const std::string& device_id);

// Store + server on 127.0.0.1:<ephemeral> with the device API and health routes; two devices in
// two units ("unit-a"/"tablet-a", "unit-b"/"tablet-b"). The clock is settable. Tests use TEST_P
// and INSTANTIATE_TEST_SUITE_P(Backends, Suite, kBackends, backend_name).
class HqServerTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  httplib::Client client() const;
  httplib::Headers auth(const std::string& token) const;
  httplib::Result post_batch(const std::string& token, const std::string& body, bool gzip = false) const;
  protocol::BatchReply post_rows(const std::string& token, const std::vector<Response>& rows,
                                 std::int64_t sent_at_ms);
  // Sends raw bytes over a new connection and returns the server's (first) response.
  std::string raw_exchange(const std::string& request) const;

  std::atomic<std::int64_t> now_ms_{1'795'420'800'000};  // 2026-11-23T08:00Z
  std::unique_ptr<TempDir> dir_;
  std::unique_ptr<PgTestSchema> pg_schema_;
  std::unique_ptr<HqStore> store_;
  std::unique_ptr<HqServer> server_;
  std::thread thread_;
  int port_ = 0;
  Enrolled a_;
  Enrolled b_;
};

}  // namespace hymy::hq::test
