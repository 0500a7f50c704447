// A small RAII layer over libpq for PgHqStore: a connection, its results, parameterised queries
// (values only ever travel as parameters, never inside SQL text), transactions and a bounded pool
// of connections shared by the server's worker threads.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;
struct pg_result;

namespace hymy::hq::pg {

// A failed connection or statement. sqlstate() is PostgreSQL's five-character code ("23505" a
// unique violation, ...) or empty when the server never answered (connection lost).
class Error : public std::runtime_error {
 public:
  Error(const std::string& what, std::string sqlstate, std::string constraint = {})
      : std::runtime_error(what), sqlstate_(std::move(sqlstate)), constraint_(std::move(constraint)) {}
  const std::string& sqlstate() const { return sqlstate_; }
  const std::string& constraint() const { return constraint_; }

 private:
  std::string sqlstate_;
  std::string constraint_;
};

// One parameter in text form; nullopt is SQL NULL.
using Param = std::optional<std::string>;
Param param(const std::string& s);
Param param(const char* s);
Param param(std::int64_t v);
Param param(int v);
Param param(const std::optional<std::string>& s);
Param param(const std::optional<std::int64_t>& v);
Param param(const std::optional<int>& v);
// A PostgreSQL array literal ({"a","b",NULL}) of the values, for unnest($n::text[]) and
// = ANY($n): a whole batch in one parameter. Throws std::invalid_argument on a NUL byte, which
// PostgreSQL's text cannot hold.
Param text_array(const std::vector<std::optional<std::string>>& values);
Param int_array(const std::vector<std::int64_t>& values);

class Result {
 public:
  explicit Result(pg_result* r) : r_(r) {}
  Result(Result&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  Result& operator=(Result&&) = delete;
  Result(const Result&) = delete;
  ~Result();

  int rows() const;
  bool is_null(int row, int col) const;
  std::string text(int row, int col) const;
  std::optional<std::string> optional_text(int row, int col) const;
  std::int64_t int64(int row, int col) const;  // throws Error on a value that is not an integer
  int int32(int row, int col) const;
  std::int64_t affected() const;  // rows changed by INSERT/UPDATE/DELETE

 private:
  pg_result* r_;
};

class Connection {
 public:
  // Throws Error naming what failed (never the password) when the server cannot be reached.
  explicit Connection(const std::string& conninfo);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one statement with its parameters (text format); throws Error on failure.
  Result exec(const char* sql, const std::vector<Param>& params = {});
  Result exec(const std::string& sql, const std::vector<Param>& params = {}) {
    return exec(sql.c_str(), params);
  }
  // Runs a script of statements without parameters (schema steps): the simple query protocol.
  void exec_script(const std::string& sql);
  // Whether the connection is still usable (not broken, not inside a failed transaction).
  bool healthy() const;

 private:
  pg_conn* c_;
};

// BEGIN on construction; ROLLBACK in the destructor unless commit() was called.
class Transaction {
 public:
  explicit Transaction(Connection& c);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& c_;
  bool done_ = false;
};

// At most `max_connections` open at once; a caller finding all of them busy waits up to
// `wait` and then gets an Error. Broken connections are dropped instead of returned.
class Pool {
 public:
  Pool(std::string conninfo, std::size_t max_connections, std::chrono::milliseconds wait);
  ~Pool();

  struct Deleter {
    Pool* pool;
    void operator()(Connection* c) const { pool->give_back(c); }
  };
  using Lease = std::unique_ptr<Connection, Deleter>;
  Lease borrow();

 private:
  void give_back(Connection* c);

  std::string conninfo_;
  std::size_t max_;
  std::chrono::milliseconds wait_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::size_t open_ = 0;
  std::vector<std::unique_ptr<Connection>> idle_;
};

// The conninfo without a password, for messages and logs.
std::string redact(const std::string& conninfo);

}  // namespace hymy::hq::pg
