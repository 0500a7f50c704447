// Upgrades must carry every older tablet database forward, one transaction per step, and an older
// binary must refuse a database written by a newer one rather than corrupt it.
#include <gtest/gtest.h>

#include "hymy/tablet_store.hpp"
#include "test_support.hpp"

namespace hymy {
namespace {

const int kLatest = static_cast<int>(TabletStore::migrations().size());

TEST(Migration, FromEveryEarlierVersion) {
  for (int from = 0; from < kLatest; ++from) {
    SCOPED_TRACE("from schema version " + std::to_string(from));
    testing::TempDir dir;
    const auto path = dir.file("tablet.db");
    {
      sqlite::Database db(path);
      sqlite::migrate(db, TabletStore::kApplicationId, TabletStore::migrations(), from);
      ASSERT_EQ(db.user_version(), from);
      if (from >= 1) {
        // A row as version 1 wrote it.
        db.exec(
            "INSERT INTO responses (id, visit_id, device_id, unit_id, question_id, "
            "question_set_version, rating, language, answered_at_ms, utc_offset_min) VALUES "
            "('01890a5d-ac96-774b-bcce-b302099a8057', 'v', 'tab-1', 'demo', 'visit', 1, 3, 'fi', "
            "1000, 120)");
      }
    }
    TabletStore store(path);
    EXPECT_EQ(store.database().user_version(), kLatest);
    EXPECT_EQ(store.response_count(), from >= 1 ? 1 : 0);
    if (from >= 1) {
      auto r = store.find_response("01890a5d-ac96-774b-bcce-b302099a8057");
      ASSERT_TRUE(r);
      EXPECT_EQ(r->rating, 3);
      EXPECT_EQ(r->channel, Channel::kiosk);
    }
    store.put_state("k", "v");  // the newest tables work
    EXPECT_EQ(store.state("k"), "v");
    EXPECT_EQ(store.database().integrity_check(), "ok");
  }
}

TEST(Migration, RefusesADatabaseFromANewerVersion) {
  testing::TempDir dir;
  const auto path = dir.file("tablet.db");
  { TabletStore store(path); }
  {
    sqlite::Database db(path);
    db.exec("PRAGMA user_version=" + std::to_string(kLatest + 1));
  }
  try {
    TabletStore store(path);
    FAIL() << "opened a newer database";
  } catch (const sqlite::Error& e) {
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  sqlite::Database db(path);
  EXPECT_EQ(db.user_version(), kLatest + 1);  // left untouched
}

TEST(Migration, RefusesAnotherApplicationsDatabase) {
  testing::TempDir dir;
  const auto path = dir.file("other.db");
  {
    sqlite::Database db(path);
    db.exec("PRAGMA application_id=1234; CREATE TABLE t(x)");
  }
  EXPECT_THROW(TabletStore store(path), sqlite::Error);
}

TEST(Migration, AFailingStepLeavesTheVersionAndSchemaAsTheyWere) {
  testing::TempDir dir;
  sqlite::Database db(dir.file("x.db"));
  const std::vector<sqlite::Migration> steps = {
      {"one", [](sqlite::Database& d) { d.exec("CREATE TABLE a(x)"); }},
      {"two", [](sqlite::Database& d) {
         d.exec("CREATE TABLE b(x)");
         throw std::runtime_error("step two failed half-way");
       }}};
  EXPECT_THROW(sqlite::migrate(db, 42, steps), std::runtime_error);
  EXPECT_EQ(db.user_version(), 1);
  auto st = db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'b'");
  st.step();
  EXPECT_EQ(st.int64(0), 0);
}

}  // namespace
}  // namespace hymy
