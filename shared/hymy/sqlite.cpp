#include "hymy/sqlite.hpp"

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace hymy::sqlite {
namespace {

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view context) {
  std::string msg(context);
  msg += ": ";
  msg += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw Error(db ? sqlite3_extended_errcode(db) : rc, msg);
}

void check(sqlite3* db, int rc, std::string_view context) {
  if (rc != SQLITE_OK) fail(db, rc, context);
}

// The database holds responses and device secrets: create it owner-only before SQLite does
// (SQLite would use 0644). SQLite gives the -wal and -shm files the mode of the database file.
// An existing file keeps its mode; in-memory and temporary databases have no file.
void create_owner_only(const std::string& path) {
  if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0) return;
  // O_EXCL: never open (and close) an existing database here. Closing any descriptor of a file
  // drops every POSIX lock this process holds on it, including other connections' SQLite locks,
  // which lost committed answers when HQ opened a new pooled connection.
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    if (errno == EEXIST || errno == ELOOP) return;  // exists, or a symlink: leave its mode alone
    throw Error(SQLITE_CANTOPEN,
                "cannot open database " + path + ": " + std::strerror(errno));
  }
  ::close(fd);
}

}  // namespace

bool Error::disk_full() const { return (code_ & 0xff) == SQLITE_FULL; }

bool Error::busy() const {
  const int primary = code_ & 0xff;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  check(db_, sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr),
        "preparing SQL");
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::bind(int index, std::int64_t value) {
  check(db_, sqlite3_bind_int64(stmt_, index, value), "binding a value");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  check(db_, sqlite3_bind_double(stmt_, index, value), "binding a value");
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  check(
      db_,
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
      "binding a value");
  return *this;
}

Statement& Statement::bind(int index, std::nullopt_t) {
  check(db_, sqlite3_bind_null(stmt_, index), "binding a value");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const std::string sql = sqlite3_sql(stmt_) ? sqlite3_sql(stmt_) : "";
  sqlite3_reset(stmt_);
  fail(db_, rc, "running SQL (" + sql.substr(0, 60) + ")");
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}
std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }
int Statement::int32(int column) const { return sqlite3_column_int(stmt_, column); }
double Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }

std::string Statement::text(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  const int n = sqlite3_column_bytes(stmt_, column);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n))
           : std::string();
}

std::optional<std::string> Statement::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

Database::Database(const std::string& path, const OpenOptions& options) : path_(path) {
  const int flags =
      options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!options.read_only) create_owner_only(path);
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg =
        "cannot open database " + path + ": " + (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
    sqlite3_close(db_);
    throw Error(rc, msg);
  }
  sqlite3_extended_result_codes(db_, 1);
  check(db_, sqlite3_busy_timeout(db_, options.busy_timeout_ms), "setting busy_timeout");
  try {
    if (!options.read_only) exec("PRAGMA journal_mode=WAL");
    exec(options.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    exec("PRAGMA foreign_keys=ON");
  } catch (const Error& e) {
    sqlite3_close(db_);
    throw Error(e.code(), "cannot open database " + path + ": " + e.what());
  }
}

Database::~Database() { sqlite3_close_v2(db_); }

void Database::exec(std::string_view sql) {
  char* err = nullptr;
  const std::string s(sql);
  const int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw Error(sqlite3_extended_errcode(db_), "running SQL (" + s.substr(0, 60) + "): " + msg);
  }
}

std::int64_t Database::changes() const { return sqlite3_changes64(db_); }

int Database::user_version() {
  auto st = prepare("PRAGMA user_version");
  st.step();
  return st.int32(0);
}

std::int64_t Database::application_id() {
  auto st = prepare("PRAGMA application_id");
  st.step();
  return st.int64(0);
}

std::string Database::integrity_check() {
  auto st = prepare("PRAGMA integrity_check");
  std::string out;
  while (st.step()) {
    if (!out.empty()) out += "; ";
    out += st.text(0);
  }
  return out;
}

Transaction::Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!done_) {
    try {
      db_.exec("ROLLBACK");
    } catch (...) {
      // Nothing more to do: SQLite rolls back by itself when the statement that failed did.
    }
  }
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

void migrate(Database& db, std::int64_t application_id, const std::vector<Migration>& steps,
             std::optional<int> stop_at_version) {
  const int target = stop_at_version.value_or(static_cast<int>(steps.size()));
  // The version is read inside each step's write transaction: the kiosk and the sync daemon may
  // open a new database at the same moment, and only one of them may apply a given step.
  for (;;) {
    Transaction tx(db);
    const std::int64_t found_app = db.application_id();
    const int found = db.user_version();
    if (found_app != 0 && found_app != application_id) {
      throw Error(SQLITE_MISMATCH, db.path() + " belongs to another application (application_id " +
                                       std::to_string(found_app) + ", expected " +
                                       std::to_string(application_id) + ")");
    }
    if (found > static_cast<int>(steps.size())) {
      throw Error(SQLITE_MISMATCH,
                  db.path() + " has schema version " + std::to_string(found) +
                      ", newer than this program knows (" + std::to_string(steps.size()) +
                      "); upgrade the program instead of opening it with an older one");
    }
    if (found >= target) return;  // the transaction rolls back: nothing was written
    if (found == 0) db.exec("PRAGMA application_id=" + std::to_string(application_id));
    steps[static_cast<std::size_t>(found)].apply(db);
    db.exec("PRAGMA user_version=" + std::to_string(found + 1));
    tx.commit();
  }
}

}  // namespace hymy::sqlite
