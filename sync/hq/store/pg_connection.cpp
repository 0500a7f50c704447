// libpq behind RAII: connections, results, transactions, the connection pool.
#include "store/pg_connection.hpp"

#include <libpq-fe.h>

#include <charconv>

namespace hymy::hq::pg {
namespace {

std::string trimmed(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

void append_quoted(std::string& out, const std::string& value) {
  out += '"';
  for (char ch : value) {
    if (ch == '\0') throw std::invalid_argument("a text value holds a NUL byte, which PostgreSQL cannot store");
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  out += '"';
}

}  // namespace

Param param(const std::string& s) { return s; }
Param param(const char* s) { return std::string(s); }
Param param(std::int64_t v) { return std::to_string(v); }
Param param(int v) { return std::to_string(v); }
Param param(const std::optional<std::string>& s) { return s; }
Param param(const std::optional<std::int64_t>& v) {
  return v ? Param(std::to_string(*v)) : std::nullopt;
}
Param param(const std::optional<int>& v) { return v ? Param(std::to_string(*v)) : std::nullopt; }

Param text_array(const std::vector<std::optional<std::string>>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    if (values[i]) {
      append_quoted(out, *values[i]);
    } else {
      out += "NULL";
    }
  }
  return out + "}";
}

Param int_array(const std::vector<std::int64_t>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(values[i]);
  }
  return out + "}";
}

// --- Result ---

Result::~Result() {
  if (r_) PQclear(r_);
}

int Result::rows() const { return PQntuples(r_); }

bool Result::is_null(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }

std::string Result::text(int row, int col) const {
  return std::string(PQgetvalue(r_, row, col), static_cast<std::size_t>(PQgetlength(r_, row, col)));
}

std::optional<std::string> Result::optional_text(int row, int col) const {
  if (is_null(row, col)) return std::nullopt;
  return text(row, col);
}

std::int64_t Result::int64(int row, int col) const {
  const char* v = PQgetvalue(r_, row, col);
  const char* end = v + PQgetlength(r_, row, col);
  std::int64_t out = 0;
  const auto [p, ec] = std::from_chars(v, end, out);
  if (ec != std::errc() || p != end) {
    throw Error(std::string("PostgreSQL: expected an integer in column ") + PQfname(r_, col) +
                    ", found \"" + std::string(v, end) + "\"",
                "");
  }
  return out;
}

int Result::int32(int row, int col) const { return static_cast<int>(int64(row, col)); }

std::int64_t Result::affected() const {
  const char* n = PQcmdTuples(r_);
  std::int64_t out = 0;
  if (n && *n) std::from_chars(n, n + std::char_traits<char>::length(n), out);
  return out;
}

// --- Connection ---

Connection::Connection(const std::string& conninfo) : c_(PQconnectdb(conninfo.c_str())) {
  if (!c_) throw Error("PostgreSQL: out of memory connecting to " + redact(conninfo), "");
  if (PQstatus(c_) != CONNECTION_OK) {
    const std::string why = trimmed(PQerrorMessage(c_));
    PQfinish(c_);
    throw Error("PostgreSQL: cannot connect to " + redact(conninfo) + ": " + why, "");
  }
  // Notices ("drop cascades to ...") are not errors; libpq would print them on stderr.
  PQsetNoticeProcessor(c_, [](void*, const char*) {}, nullptr);
  // Answers and ids are compared byte-wise like SQLite does; the client encoding must be UTF-8.
  if (PQsetClientEncoding(c_, "UTF8") != 0) {
    const std::string why = trimmed(PQerrorMessage(c_));
    PQfinish(c_);
    throw Error("PostgreSQL: cannot set client encoding UTF8: " + why, "");
  }
}

Connection::~Connection() { PQfinish(c_); }

bool Connection::healthy() const {
  return PQstatus(c_) == CONNECTION_OK && PQtransactionStatus(c_) == PQTRANS_IDLE;
}

Result Connection::exec(const char* sql, const std::vector<Param>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& p : params) values.push_back(p ? p->c_str() : nullptr);
  PGresult* raw = PQexecParams(c_, sql, static_cast<int>(params.size()), nullptr, values.data(),
                               nullptr, nullptr, 0);
  Result result(raw);
  const ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  const char* state = raw ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
  const char* constraint = raw ? PQresultErrorField(raw, PG_DIAG_CONSTRAINT_NAME) : nullptr;
  const char* primary = raw ? PQresultErrorField(raw, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const std::string message = primary ? primary : trimmed(PQerrorMessage(c_));
  throw Error("PostgreSQL: " + message + (state ? std::string(" (SQLSTATE ") + state + ")" : ""),
              state ? state : "", constraint ? constraint : "");
}

void Connection::exec_script(const std::string& sql) {
  PGresult* raw = PQexec(c_, sql.c_str());
  Result result(raw);
  // PQexec returns the last statement's result; an error stops the script and is reported there.
  const ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
  const char* state = raw ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = raw ? PQresultErrorField(raw, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  throw Error("PostgreSQL: " + (primary ? std::string(primary) : trimmed(PQerrorMessage(c_))),
              state ? state : "");
}

// --- Transaction ---

Transaction::Transaction(Connection& c) : c_(c) { c_.exec("BEGIN"); }

Transaction::~Transaction() {
  if (done_) return;
  try {
    c_.exec("ROLLBACK");
  } catch (const Error&) {
    // A broken connection: the pool sees it is unhealthy and drops it.
  }
}

void Transaction::commit() {
  c_.exec("COMMIT");
  done_ = true;
}

// --- Pool ---

Pool::Pool(std::string conninfo, std::size_t max_connections, std::chrono::milliseconds wait)
    : conninfo_(std::move(conninfo)), max_(max_connections == 0 ? 1 : max_connections), wait_(wait) {}

Pool::~Pool() = default;

Pool::Lease Pool::borrow() {
  {
    std::unique_lock lock(mutex_);
    if (!returned_.wait_for(lock, wait_, [this] { return !idle_.empty() || open_ < max_; })) {
      throw Error("PostgreSQL: all " + std::to_string(max_) + " connections stayed busy for " +
                      std::to_string(wait_.count()) + " ms",
                  "");
    }
    if (!idle_.empty()) {
      Connection* c = idle_.back().release();
      idle_.pop_back();
      return Lease(c, Deleter{this});
    }
    ++open_;  // reserved before connecting, so that the bound holds while we connect unlocked
  }
  try {
    return Lease(new Connection(conninfo_), Deleter{this});
  } catch (...) {
    std::lock_guard lock(mutex_);
    --open_;
    returned_.notify_one();
    throw;
  }
}

void Pool::give_back(Connection* c) {
  std::unique_ptr<Connection> owned(c);
  const bool keep = owned->healthy();
  std::lock_guard lock(mutex_);
  if (keep) {
    idle_.push_back(std::move(owned));
  } else {
    --open_;
  }
  returned_.notify_one();
}

std::string redact(const std::string& conninfo) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
  if (!options) {
    std::string why = error ? trimmed(error) : "unreadable";
    if (error) PQfreemem(error);
    return "(a connection string libpq cannot read: " + why + ")";
  }
  std::string out;
  for (PQconninfoOption* o = options; o->keyword; ++o) {
    const std::string key = o->keyword;
    if (!o->val || key == "password" || key == "options") continue;
    if (key != "host" && key != "hostaddr" && key != "port" && key != "dbname" && key != "user") continue;
    out += (out.empty() ? "" : " ") + key + "=" + o->val;
  }
  PQconninfoFree(options);
  return out.empty() ? "the default PostgreSQL server" : out;
}

}  // namespace hymy::hq::pg
