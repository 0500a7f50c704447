// The tablet's SQLite database, shared by the kiosk and the sync daemon (two processes, one
// file, WAL). Every write is one short transaction committed with synchronous=FULL.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hymy/figures.hpp"
#include "hymy/model.hpp"
#include "hymy/sqlite.hpp"

namespace hymy {

struct RejectedResponse {
  std::string id;
  std::string reason;  // HQ's words
};

class TabletStore {
 public:
  static constexpr std::int64_t kApplicationId = 0x48594d59;  // "HYMY"
  // A comment the visitor never finished is given up after this long, so the rating is sent.
  static constexpr std::int64_t kCommentWaitMs = 10 * 60 * 1000;

  // Opens (creating and migrating as needed). Throws sqlite::Error with the path on failure,
  // including for a database written by a newer version of Hymy.
  explicit TabletStore(const std::string& path, const sqlite::OpenOptions& options = {});
  static const std::vector<sqlite::Migration>& migrations();

  // --- responses (kiosk) ---
  // `awaiting_comment` holds the row back from the outbox until the visitor sends or skips.
  void insert_response(const Response& r, bool awaiting_comment = false);
  // Cleans the comment (see comment.hpp) and attaches it; returns the error if it was refused.
  std::string attach_comment(const std::string& response_id, const std::string& raw_comment);
  // The visitor skipped or left: the response is ready to send as it is.
  void close_comment(const std::string& response_id);
  std::optional<Response> find_response(const std::string& id);
  std::int64_t response_count();

  // --- outbox (sync daemon) ---
  // Unsent, unrejected responses in id (time) order, at most `limit`.
  std::vector<Response> outbox(std::size_t limit, std::int64_t now_ms);
  std::int64_t unsent_count();
  // Records HQ's answer to one batch in one transaction: delivered rows (accepted or duplicate)
  // are marked sent, rejected rows keep HQ's reason. A crash leaves all of it or none of it.
  void record_delivery(const std::vector<std::string>& delivered,
                       const std::vector<RejectedResponse>& rejected, std::int64_t at_ms);
  void mark_sent(const std::vector<std::string>& ids, std::int64_t at_ms) {
    record_delivery(ids, {}, at_ms);
  }
  void mark_rejected(const std::vector<RejectedResponse>& rejected) {
    record_delivery({}, rejected, 0);
  }
  // Moves committed pages from the WAL into the database without waiting for readers, so the
  // kiosk's own commits rarely have to (the sync daemon calls it after each batch).
  void checkpoint();
  std::vector<RejectedResponse> rejected();
  // Deletes acknowledged responses answered before `before_ms`; returns how many.
  std::int64_t purge_sent(std::int64_t before_ms);
  // For the nightly reconciliation with HQ: acknowledged responses answered in [from_ms, to_ms)
  // per UTC day (key: answered_at_ms / 86'400'000, days since the epoch).
  std::map<std::int64_t, std::int64_t> sent_counts_by_utc_day(std::int64_t from_ms, std::int64_t to_ms);
  // Makes acknowledged responses answered in [from_ms, to_ms) unsent again (HQ lost them), in
  // one transaction; returns how many.
  std::int64_t mark_unsent_between(std::int64_t from_ms, std::int64_t to_ms);

  // --- figures ---
  std::vector<RatedAnswer> answers_between(std::int64_t from_ms, std::int64_t to_ms);

  // --- question sets ---
  // Stores a new version; throws std::invalid_argument if it is not newer than the current one.
  void save_question_set(const QuestionSet& set, const std::string& source /* local|hq */);
  std::optional<QuestionSet> current_question_set();
  std::optional<std::string> current_question_set_source();

  // --- small facts one process writes and the other reads (sync status, unit figures, PIN) ---
  void put_state(const std::string& key, const std::string& value);
  std::optional<std::string> state(const std::string& key);

  sqlite::Database& database() { return db_; }

 private:
  sqlite::Database db_;
};

}  // namespace hymy
