// A thin RAII layer over SQLite: one connection, prepared statements with bound values, a
// transaction that rolls back unless committed, and versioned schema migrations. Only the stores
// (tablet_store, HQ's store) use it; nothing else includes sqlite3.h.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace hymy::sqlite {

// Any SQLite failure. `code` is the extended result code (SQLITE_FULL, SQLITE_BUSY, ...).
class Error : public std::runtime_error {
 public:
  Error(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }
  bool disk_full() const;
  // Another connection held the lock for longer than busy_timeout (SQLITE_BUSY, SQLITE_LOCKED):
  // the statement wrote nothing, and the same operation may well succeed later.
  bool busy() const;

 private:
  int code_;
};

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;

  // Binds are 1-based like SQLite's.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, std::nullopt_t);
  template <class T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind(index, std::nullopt);
  }

  // Steps once: true while a row is available.
  bool step();
  // Steps to completion (for statements that return no rows).
  void run();
  void reset();

  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  int int32(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::optional<std::string> optional_text(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

struct OpenOptions {
  bool read_only = false;
  int busy_timeout_ms = 5000;
  // FULL makes every commit durable across a power cut, not just a crash.
  bool synchronous_full = true;
};

class Database {
 public:
  Database(const std::string& path, const OpenOptions& options = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Statement prepare(std::string_view sql) { return Statement(db_, sql); }
  void exec(std::string_view sql);
  std::int64_t changes() const;
  const std::string& path() const { return path_; }
  sqlite3* handle() { return db_; }

  int user_version();
  std::int64_t application_id();
  std::string integrity_check();

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

// BEGIN IMMEDIATE on construction (the write lock is taken at once, so a busy database waits in
// busy_timeout here rather than failing half-way); ROLLBACK in the destructor unless committed.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

// Ordered migration steps: step i brings the schema from version i to i + 1. Each step and its
// user_version bump run in one transaction. A database stamped with another application_id, or
// with a version newer than the steps known to this binary, is refused with a clear error.
struct Migration {
  std::string description;
  std::function<void(Database&)> apply;
};

void migrate(Database& db, std::int64_t application_id, const std::vector<Migration>& steps,
             std::optional<int> stop_at_version = std::nullopt);

}  // namespace hymy::sqlite
