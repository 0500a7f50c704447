// What only the PostgreSQL store has: its schema_version checks and concurrent migration, batch
// rows travelling as array parameters (awkward text must survive), duplicates inside one batch,
// the connection pool recovering from a dropped connection, and errors that never show a password.
#include <future>

#include "hq_test_support.hpp"
#include "store/pg_connection.hpp"
#include "store/pg_hq_schema.hpp"
#include "store/pg_hq_store.hpp"

namespace hymy::hq::test {
namespace {

class PgStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const PgTestServer& server = pg_test_server();
    if (!server.installed) GTEST_SKIP() << server.error;
    ASSERT_FALSE(server.conninfo.empty()) << server.error;
    schema_ = std::make_unique<PgTestSchema>(server.conninfo);
  }
  const std::string& conninfo() const { return schema_->conninfo(); }
  pg::Connection connect() const { return pg::Connection(conninfo()); }

  std::unique_ptr<PgTestSchema> schema_;
};

Response row_of(const std::string& unit, const std::string& device, std::int64_t at_ms) {
  Response r = make_response(at_ms);
  r.unit_id = unit;
  r.device_id = device;
  return r;
}

TEST_F(PgStoreTest, MigratesToTheNewestVersionAndKeepsData) {
  {
    auto store = open_pg_hq_store(conninfo());
    enroll(*store, "u1", "d1");
  }
  auto c = connect();
  EXPECT_EQ(pg_schema_version(c), static_cast<int>(pg_hq_migrations().size()));
  auto store = open_pg_hq_store(conninfo());  // opening again migrates nothing and loses nothing
  EXPECT_TRUE(store->device("d1"));
}

TEST_F(PgStoreTest, RefusesADatabaseWithANewerSchema) {
  open_pg_hq_store(conninfo());
  connect().exec("UPDATE schema_version SET version = version + 1");
  try {
    open_pg_hq_store(conninfo());
    FAIL() << "a newer schema was opened";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("newer than this hymy-hq knows"), std::string::npos) << e.what();
  }
}

TEST_F(PgStoreTest, RefusesAnotherProgramsTables) {
  connect().exec("CREATE TABLE invoices (id integer)");
  try {
    open_pg_hq_store(conninfo());
    FAIL() << "a database of another program was taken over";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("\"invoices\""), std::string::npos) << e.what();
  }
  EXPECT_EQ(connect().exec("SELECT to_regclass('responses') IS NULL").text(0, 0), "t");
}

TEST_F(PgStoreTest, StoresOpenedAtOnceMigrateOnce) {
  std::vector<std::future<void>> opening;
  for (int i = 0; i < 4; ++i) {
    opening.push_back(std::async(std::launch::async, [this] { open_pg_hq_store(conninfo()); }));
  }
  for (auto& f : opening) EXPECT_NO_THROW(f.get());
  auto c = connect();
  EXPECT_EQ(c.exec("SELECT count(*) FROM schema_version").int64(0, 0), 1);
  EXPECT_EQ(pg_schema_version(c), static_cast<int>(pg_hq_migrations().size()));
}

TEST_F(PgStoreTest, AwkwardTextSurvivesTheArrayParameters) {
  auto store = open_pg_hq_store(conninfo());
  enroll(*store, "u1", "d1");
  const std::vector<std::string> comments = {
      "\"quoted\", {braced}, back\\slash", "NULL", "", "a,b", "rivi\nrivi", "Ääkköset ja 😀",
      "'; DROP TABLE responses; --"};
  std::vector<Response> rows;
  for (std::size_t i = 0; i < comments.size(); ++i) {
    rows.push_back(row_of("u1", "d1", 1'800'000'000'000 + static_cast<std::int64_t>(i)));
    rows.back().comment = comments[i];
  }
  rows.push_back(row_of("u1", "d1", 1'800'000'100'000));  // no comment at all: NULL
  ASSERT_EQ(store->ingest(rows, {"d1", 1, 0}).accepted.size(), rows.size());
  for (std::size_t i = 0; i < comments.size(); ++i) {
    EXPECT_EQ(store->response(rows[i].id)->response.comment, comments[i]) << i;
  }
  EXPECT_FALSE(store->response(rows.back().id)->response.comment);
  const Response bad = [&] {
    Response r = row_of("u1", "d1", 1'800'000'200'000);
    r.comment = std::string("nul\0byte", 8);
    return r;
  }();
  EXPECT_THROW(store->ingest({bad}, {"d1", 1, 0}), std::invalid_argument);
  EXPECT_FALSE(store->response(bad.id));
}

TEST_F(PgStoreTest, ARowTwiceInOneBatchIsStoredOnceThenDuplicateOrConflict) {
  auto store = open_pg_hq_store(conninfo());
  enroll(*store, "u1", "d1");
  const Response r = row_of("u1", "d1", 1'800'000'000'000);
  Response changed = r;
  changed.rating = 1;
  const auto out = store->ingest({r, r, changed}, {"d1", 1, 0});
  EXPECT_EQ(out.accepted, std::vector<std::string>{r.id});
  EXPECT_EQ(out.duplicate, std::vector<std::string>{r.id});
  ASSERT_EQ(out.conflicts.size(), 1u);
  EXPECT_NE(out.conflicts[0].reason.find("rating (HQ holds 4, this batch sent 1)"), std::string::npos)
      << out.conflicts[0].reason;
  EXPECT_EQ(store->count_responses({}), 1);
}

TEST_F(PgStoreTest, ConcurrentIngestOfTheSameRowsStoresEachOnce) {
  auto store = open_pg_hq_store(conninfo());
  enroll(*store, "u1", "d1");
  std::vector<Response> rows;
  for (int i = 0; i < 200; ++i) rows.push_back(row_of("u1", "d1", 1'800'000'000'000 + i));
  std::vector<std::future<IngestOutcome>> sending;
  for (int i = 0; i < 4; ++i) {
    sending.push_back(std::async(std::launch::async, [&] { return store->ingest(rows, {"d1", 1, 0}); }));
  }
  std::size_t accepted = 0;
  for (auto& f : sending) {
    const IngestOutcome out = f.get();
    EXPECT_TRUE(out.conflicts.empty());
    EXPECT_EQ(out.accepted.size() + out.duplicate.size(), rows.size());
    accepted += out.accepted.size();
  }
  EXPECT_EQ(accepted, rows.size());
  EXPECT_EQ(store->count_responses({}), 200);
}

TEST_F(PgStoreTest, ThePoolReplacesAConnectionTheServerDropped) {
  auto store = open_pg_hq_store(conninfo(), {.max_connections = 1});
  enroll(*store, "u1", "d1");
  // End this test's other connections (tests running at once have other application names): the
  // store's one pooled connection dies.
  EXPECT_EQ(connect()
                .exec("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                      "WHERE pid <> pg_backend_pid() AND application_name = $1",
                      {pg::param(schema_->name())})
                .int64(0, 0),
            1);
  // The first call may fail with the broken connection; the pool must not keep it.
  try {
    store->units();
  } catch (const pg::Error&) {
  }
  EXPECT_EQ(store->units().size(), 1u);
}

TEST_F(PgStoreTest, ConnectionErrorsNameTheServerButNeverThePassword) {
  try {
    open_pg_hq_store("postgresql://hymy:sekret-pw@127.0.0.1:1/hymy?connect_timeout=5");
    FAIL() << "connected to port 1";
  } catch (const pg::Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("127.0.0.1"), std::string::npos) << what;
    EXPECT_EQ(what.find("sekret-pw"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace hymy::hq::test
