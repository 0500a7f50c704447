// HQ's storage interface: units, devices, users, dashboard sessions, published question sets and
// the responses every tablet uploads. Handlers, the dashboard and the exports talk to this
// interface only; SQLite is the default implementation (sqlite_hq_store.hpp), PostgreSQL can be
// another one. No SQL outside the implementations.
//
// Thread safety: every implementation may be called from many server threads at once.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "hymy/figures.hpp"
#include "hymy/model.hpp"
#include "hymy/tablet_store.hpp"  // RejectedResponse

namespace hymy::hq {

// A store operation that failed for a reason the caller can act on (unknown unit, duplicate
// name, ...). Storage failures (disk full, corrupt file) are other exceptions.
class StoreError : public std::runtime_error {
 public:
  enum class Kind { not_found, already_exists, invalid };
  StoreError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

struct DeviceRecord {
  std::string id;
  std::string unit_id;
  std::string token_hash;  // hex SHA-256 of the bearer token; the token itself is never stored
  bool revoked = false;
  std::int64_t enrolled_at_ms = 0;
  std::optional<std::int64_t> last_seen_ms;        // last authenticated request
  std::optional<std::int64_t> last_clock_skew_ms;  // server time - device time at last upload
};

enum class Role { admin, viewer };
const char* to_string(Role r);
std::optional<Role> role_from_string(const std::string& s);

struct User {
  std::string name;
  std::string password_hash;  // see hq/auth/password_hash.hpp; never a plain password
  Role role = Role::viewer;
  std::vector<std::string> unit_ids;  // a viewer's units; admins see every unit regardless
  std::int64_t created_at_ms = 0;

  bool may_see_unit(const std::string& unit_id) const;
};

// A dashboard login session. The cookie carries a random token; only its hash is stored.
struct Session {
  std::string token_hash;
  std::string user_name;
  std::string csrf_token;
  std::int64_t created_at_ms = 0;
  std::int64_t expires_at_ms = 0;
};

struct PublishedQuestionSet {
  QuestionSet set;  // set.unit_id and set.version as stored
  std::int64_t published_at_ms = 0;
  std::string published_by;  // a user name, or "cli"
};

// A response as HQ holds it.
struct StoredResponse {
  Response response;  // device_id and unit_id always filled (from the token, never the body)
  std::int64_t received_at_ms = 0;
  std::int64_t clock_skew_ms = 0;  // server time - device's sent_at_ms of the batch it came in
};

// Who sent a batch and when; the unit always comes from the device's record.
struct IngestContext {
  std::string device_id;
  std::int64_t received_at_ms = 0;
  std::int64_t clock_skew_ms = 0;
};

// Every row of an ingest lands in exactly one list.
struct IngestOutcome {
  std::vector<std::string> accepted;
  std::vector<std::string> duplicate;            // same id, same content: already held
  std::vector<RejectedResponse> conflicts;       // same id, other content: reason "conflict: ..."
};

// A filter over stored responses, for the dashboard and exports. Empty / absent = no filter.
struct ResponseQuery {
  std::vector<std::string> unit_ids{};  // empty = all units (fill it from the viewer's units!)
  std::int64_t from_ms = std::numeric_limits<std::int64_t>::min();  // answered_at, inclusive
  std::int64_t to_ms = std::numeric_limits<std::int64_t>::max();    // answered_at, exclusive
  std::optional<std::string> device_id{};
  std::optional<std::string> question_id{};
  std::optional<Channel> channel{};
  std::optional<int> min_rating{};
  std::optional<int> max_rating{};
  bool with_comment_only = false;
  bool newest_first = true;
  std::size_t limit = 0;  // 0 = no limit
  std::size_t offset = 0;
};

class HqStore {
 public:
  virtual ~HqStore() = default;

  // Throws when the storage cannot answer (for /healthz).
  virtual void check_health() = 0;

  // --- units ---
  virtual void add_unit(const Unit& unit) = 0;  // StoreError already_exists
  virtual std::optional<Unit> unit(const std::string& unit_id) = 0;
  virtual std::vector<Unit> units() = 0;  // ordered by id

  // --- devices ---
  // StoreError not_found (unit), already_exists (device id or token hash).
  virtual void add_device(const DeviceRecord& device) = 0;
  virtual std::optional<DeviceRecord> device(const std::string& device_id) = 0;
  virtual std::optional<DeviceRecord> device_by_token_hash(const std::string& token_hash) = 0;
  virtual std::vector<DeviceRecord> devices(const std::optional<std::string>& unit_id = {}) = 0;
  virtual void revoke_device(const std::string& device_id) = 0;  // StoreError not_found
  virtual void touch_device(const std::string& device_id, std::int64_t seen_at_ms) = 0;

  // --- users and sessions ---
  // StoreError already_exists, not_found (one of the units), invalid (empty name).
  virtual void add_user(const User& user) = 0;
  virtual std::optional<User> user(const std::string& name) = 0;
  virtual std::vector<User> users() = 0;  // ordered by name
  virtual void set_password_hash(const std::string& name, const std::string& hash) = 0;
  virtual void set_user_units(const std::string& name, const std::vector<std::string>& units) = 0;
  virtual void delete_user(const std::string& name) = 0;  // also ends the user's sessions

  virtual void add_session(const Session& session) = 0;
  virtual std::optional<Session> session(const std::string& token_hash) = 0;
  virtual void delete_session(const std::string& token_hash) = 0;
  virtual std::int64_t delete_expired_sessions(std::int64_t now_ms) = 0;

  // --- question sets ---
  // Publishes `set` for set.unit_id and returns the version it was stored under: set.version if
  // that is newer than the unit's latest published version, else latest + 1 (so re-publishing an
  // edited file always makes a new version and never rewrites one that answers refer to).
  // StoreError not_found (unit).
  virtual std::int64_t publish_question_set(const QuestionSet& set, std::int64_t published_at_ms,
                                            const std::string& published_by) = 0;
  virtual std::optional<PublishedQuestionSet> latest_question_set(const std::string& unit_id) = 0;
  virtual std::vector<PublishedQuestionSet> question_sets(const std::string& unit_id) = 0;  // oldest first
  // Every (version, question id) published for the unit; empty when none has been published.
  virtual std::vector<std::pair<std::int64_t, std::string>> published_questions(
      const std::string& unit_id) = 0;

  // --- responses ---
  // Stores the rows (device_id and unit_id filled by the caller from the device's record) in one
  // transaction, and updates the device's last_seen and clock skew in the same transaction.
  // A row whose id is held with the same content is a duplicate; with other content, a conflict
  // that never overwrites. HQ's own flag bits (kFlagClockSkew) are not compared.
  virtual IngestOutcome ingest(const std::vector<Response>& rows, const IngestContext& context) = 0;

  // The unit's answers with answered_at_ms in [from_ms, to_ms): the AnswerSource of
  // hymy::compute_figures.
  virtual std::vector<RatedAnswer> answers(const std::string& unit_id, std::int64_t from_ms,
                                           std::int64_t to_ms) = 0;
  // Number of responses per UTC day (days since the epoch) of one device, answered_at in range.
  virtual std::map<std::int64_t, std::int64_t> daily_counts(const std::string& device_id,
                                                            std::int64_t from_ms,
                                                            std::int64_t to_ms) = 0;

  virtual std::optional<StoredResponse> response(const std::string& id) = 0;
  // Streams matching responses to `visit` (which returns false to stop early), so exports of
  // millions of rows need no memory for all of them.
  virtual void for_each_response(const ResponseQuery& query,
                                 const std::function<bool(const StoredResponse&)>& visit) = 0;
  std::vector<StoredResponse> responses(const ResponseQuery& query);
  virtual std::int64_t count_responses(const ResponseQuery& query) = 0;

  // Retention: removes the comments of responses answered before `before_ms`; returns how many.
  virtual std::int64_t erase_comments_before(std::int64_t before_ms) = 0;
  // Erases one response entirely; false when no such id.
  virtual bool erase_response(const std::string& id) = 0;
};

// The AnswerSource for compute_figures over one unit of `store`.
AnswerSource unit_answers(HqStore& store, const std::string& unit_id);

}  // namespace hymy::hq
