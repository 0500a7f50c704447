// The SQLite implementation of HqStore: one file in the data directory, WAL, every commit durable
// (synchronous=FULL). One writer connection (SQLite has one writer anyway) and a small pool of
// reader connections, so dashboard reads never wait for an ingest to commit.
#pragma once

#include <memory>
#include <string>

#include "store/hq_store.hpp"

namespace hymy::hq {

struct SqliteHqStoreOptions {
  bool synchronous_full = true;   // FULL: a commit survives a power cut, not just a crash
  std::size_t max_readers = 8;    // idle reader connections kept open
};

class SqliteHqStore;

// Opens (creating if needed) `<data_dir>/hq.sqlite3` and migrates its schema. Throws
// hymy::sqlite::Error naming the file when it belongs to another program or to a newer hymy-hq.
std::unique_ptr<HqStore> open_sqlite_hq_store(const std::string& data_dir,
                                              const SqliteHqStoreOptions& options = {});
// The same for an explicit database file path.
std::unique_ptr<HqStore> open_sqlite_hq_store_file(const std::string& path,
                                                   const SqliteHqStoreOptions& options = {});

// The file name inside the data directory.
inline constexpr const char* kHqDatabaseFile = "hq.sqlite3";
// PRAGMA application_id of HQ databases: "HYHQ".
inline constexpr std::int64_t kHqApplicationId = 0x48594851;

}  // namespace hymy::hq
