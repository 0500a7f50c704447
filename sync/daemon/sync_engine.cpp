// One sync cycle. The rules that keep every answer reaching HQ exactly once live here:
// a row is marked sent only for an id HQ named as accepted or duplicate in a 200 reply; every
// other outcome leaves it unsent, and re-sending is harmless because HQ is idempotent on the id.
#include "daemon/sync_engine.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <unordered_set>

#include "daemon/log.hpp"
#include "hymy/clock.hpp"
#include "hymy/device_state_keys.hpp"
#include "hymy/json_bounded.hpp"
#include "hymy/question_set_json.hpp"
#include "hymy/regular_file.hpp"
#include "protocol/protocol.hpp"

namespace hymy::sync {
namespace {

using nlohmann::json;
namespace keys = hymy::device_state_keys;
constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
// HQ answers /v1/daily-counts for at most this many days.
constexpr int kMaxReconcileDays = 62;

EngineHooks with_defaults(EngineHooks hooks) {
  if (!hooks.now_ms) hooks.now_ms = [] { return hymy::now_ms(); };
  if (!hooks.uniform01) {
    auto rng = std::make_shared<std::mt19937_64>(std::random_device{}());
    hooks.uniform01 = [rng] { return std::uniform_real_distribution<double>(0.0, 1.0)(*rng); };
  }
  return hooks;
}

HttpOptions http_options(const SyncConfig& c) {
  HttpOptions o;
  o.base_url = c.hq_url;
  o.ca_bundle = c.ca_bundle;
  o.pinned_public_keys = c.pinned_public_keys;
  o.connect_timeout_ms = c.connect_timeout_ms;
  o.total_timeout_ms = c.request_timeout_ms;
  o.low_speed_bytes_per_second = c.low_speed_bytes_per_second;
  o.low_speed_seconds = c.low_speed_seconds;
  o.max_response_bytes = c.max_response_bytes;
  return o;
}

// HQ's own words from an {"error": "..."} body, if there are any.
std::string hq_words(const std::string& body) {
  const json j = parse_json_bounded_or_discarded(body);
  if (!j.is_object() || !j.contains("error") || !j["error"].is_string()) return "";
  std::string words = j["error"].get<std::string>();
  if (words.size() > 200) words = words.substr(0, 200) + "...";
  return words;
}

bool retryable_status(long status) {
  return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
         status == 504;
}

std::optional<json> state_json(TabletStore& store, const char* key) {
  const auto value = store.state(key);
  if (!value) return std::nullopt;
  json j = parse_json_bounded_or_discarded(*value);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

LocalDate utc_date_of_day(std::int64_t day_index) {
  return LocalDate{1970, 1, 1}.plus_days(static_cast<int>(day_index));
}

}  // namespace

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::none: return "none";
    case ErrorKind::auth: return "auth";
    case ErrorKind::network: return "network";
    case ErrorKind::server: return "server";
    case ErrorKind::protocol: return "protocol";
    case ErrorKind::config: return "config";
    case ErrorKind::local: return "local";
  }
  return "local";
}

SyncEngine::SyncEngine(DeviceConfig device, SyncConfig config, TabletStore& store,
                       const StopSignal* stop, EngineHooks hooks)
    : device_(std::move(device)),
      config_(std::move(config)),
      store_(store),
      stop_(stop),
      hooks_(with_defaults(std::move(hooks))),
      zone_(device_.time_zone),
      http_(http_options(config_), [stop] { return stop != nullptr && stop->stop_requested(); }),
      backoff_(config_.backoff_base_ms, config_.backoff_max_ms, config_.max_retry_after_ms,
               hooks_.uniform01) {}

SyncEngine::~SyncEngine() = default;

constexpr std::size_t kMaxTokenFileBytes = 4096;

bool SyncEngine::load_token(std::string& error) {
  std::string token;
  try {
    // A token is a few dozen bytes; the bound keeps /dev/zero or a log file out of memory.
    token = read_private_file(config_.token_file, kMaxTokenFileBytes);
  } catch (const FileReadError& e) {
    error = std::string(e.what());
    if (e.reason() == FileReadError::Reason::cannot_read) {
      error += " — enrol this tablet with HQ and put its token there";
    }
    return false;
  }
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.front()))) token.erase(0, 1);
  if (token.empty()) {
    error = "the device token file " + config_.token_file + " is empty — enrol this tablet with HQ";
    return false;
  }
  // The token goes into an HTTP header: anything but printable ASCII would corrupt the request.
  if (!std::all_of(token.begin(), token.end(), [](char c) { return c > ' ' && c < 127; })) {
    error = "the device token file " + config_.token_file +
            " holds characters a token cannot have (expected one line of printable ASCII)";
    return false;
  }
  token_ = std::move(token);
  return true;
}

SyncEngine::Call SyncEngine::call(const std::string& what, const std::string& path,
                                  const std::string* body,
                                  const std::vector<std::string>& extra_headers) {
  std::vector<std::string> headers = extra_headers;
  headers.push_back("Authorization: Bearer " + token_);
  headers.push_back("Accept: application/json");
  Call c;
  c.reply = body ? http_.post(path, headers, *body) : http_.get(path, headers);
  ++traffic_.requests;
  traffic_.bytes_sent += c.reply.bytes_sent;
  traffic_.bytes_received += c.reply.bytes_received;
  if (!c.reply.ok()) {
    c.kind = ErrorKind::network;
    c.error = "could not complete " + what + " with HQ: " + c.reply.error;
    return c;
  }
  const long status = c.reply.status;
  const std::string words = hq_words(c.reply.body);
  const std::string hq_said = words.empty() ? "" : " (HQ said: " + words + ")";
  if (status == 401) {
    c.kind = ErrorKind::auth;
    c.error = "HQ rejected the device token — ask HQ to re-enroll this tablet" + hq_said;
  } else if (status == 403) {
    c.kind = ErrorKind::auth;
    c.error = "HQ refused this tablet's request (403) — ask HQ to check this tablet's enrolment" +
              hq_said;
  } else if (retryable_status(status)) {
    c.kind = ErrorKind::server;
    c.error = "HQ is busy or unavailable (" + std::to_string(status) + ") during " + what + hq_said;
    if (c.reply.retry_after) c.retry_after_ms = parse_retry_after(*c.reply.retry_after, now());
  }
  return c;
}

void SyncEngine::note_auth_failure() { auth_block_ = AuthBlock{token_, now() + config_.auth_retry_ms}; }

void SyncEngine::write_queue() {
  json q{{"unsent", store_.unsent_count()},
         {"rejected", static_cast<std::int64_t>(store_.rejected().size())},
         {"at_ms", now()}};
  store_.put_state(keys::kQueue, q.dump());
}

UploadResult SyncEngine::upload() {
  UploadResult result;
  if (token_.empty() && !load_token(result.error)) {
    result.error_kind = ErrorKind::config;
    return result;
  }
  std::size_t limit = config_.batch_rows;
  const auto refuse_locally = [&](const std::string& id, const std::string& why) {
    store_.mark_rejected({{id, "not sent: " + why}});
    ++result.rejected;
    log_line("response " + id + " not sent: " + why);
  };
  while (!(stop_ && stop_->stop_requested())) {
    const std::int64_t at = now();
    std::vector<Response> rows = store_.outbox(limit, at);
    if (rows.empty()) break;
    // A short batch empties the outbox: stop after it, so a kiosk tapping during the upload
    // does not keep the drain going with one-row batches; new rows wait for the next cycle.
    const bool last_batch = rows.size() < limit;

    // A row HQ would refuse anyway is set aside here, so it can never block the queue.
    std::vector<Response> batch;
    batch.reserve(rows.size());
    for (auto& r : rows) {
      if (std::string why = protocol::check_response(r); !why.empty()) {
        refuse_locally(r.id, why);
      } else {
        batch.push_back(std::move(r));
      }
    }
    if (batch.empty()) continue;

    std::string body;
    try {
      body = protocol::gzip(protocol::encode_batch({at, batch}));
    } catch (const protocol::ProtocolError& e) {
      result.error_kind = ErrorKind::local;
      result.error = std::string("could not encode a batch: ") + e.what();
      break;
    }
    if (body.size() > protocol::kMaxBodyBytes) {
      if (batch.size() > 1) {
        limit = batch.size() / 2;
      } else {
        refuse_locally(batch[0].id, "larger than HQ's limit of 1 MiB even on its own");
      }
      continue;
    }

    traffic_.batch_body_bytes += static_cast<std::int64_t>(body.size());
    Call c = call("an upload", "/v1/batches", &body,
                  {"Content-Type: application/json", "Content-Encoding: gzip"});
    ++result.requests;
    if (c.kind != ErrorKind::none) {
      result.error_kind = c.kind;
      result.error = c.error;
      result.retry_after_ms = c.retry_after_ms;
      break;
    }
    if (c.reply.status == 413) {
      if (batch.size() > 1) {
        limit = batch.size() / 2;
        log_line("HQ found a batch of " + std::to_string(batch.size()) + " rows too large; trying " +
                 std::to_string(limit));
      } else {
        refuse_locally(batch[0].id, "HQ refused it as too large (413) even on its own");
      }
      continue;
    }
    if (c.reply.status != 200) {
      const std::string words = hq_words(c.reply.body);
      result.error_kind = ErrorKind::server;
      result.error = "HQ refused an upload with status " + std::to_string(c.reply.status) +
                     (words.empty() ? "" : ": " + words);
      break;
    }
    protocol::BatchReply reply;
    try {
      reply = protocol::decode_reply(c.reply.body);
    } catch (const protocol::ProtocolError& e) {
      result.error_kind = ErrorKind::protocol;
      result.error = std::string("HQ's reply to an upload could not be read (") + e.what() +
                     "); the rows stay queued";
      break;
    }

    // Only ids of this batch count, each once; anything else in the reply is ignored.
    std::unordered_set<std::string> pending;
    for (const auto& r : batch) pending.insert(r.id);
    std::vector<std::string> delivered;
    for (const auto* list : {&reply.accepted, &reply.duplicate}) {
      for (const auto& id : *list) {
        if (pending.erase(id)) delivered.push_back(id);
      }
    }
    std::vector<RejectedResponse> refused;
    for (const auto& r : reply.rejected) {
      if (pending.erase(r.id)) refused.push_back(r);
    }
    store_.record_delivery(delivered, refused, now());
    store_.checkpoint();
    result.delivered += static_cast<std::int64_t>(delivered.size());
    result.rejected += static_cast<std::int64_t>(refused.size());
    for (const auto& r : refused) log_line("HQ rejected response " + r.id + ": " + r.reason);
    write_queue();
    if (delivered.empty() && refused.empty()) {
      result.error_kind = ErrorKind::protocol;
      result.error = "HQ's reply acknowledged none of the " + std::to_string(batch.size()) +
                     " rows sent; they stay queued";
      break;
    }
    if (!pending.empty()) {
      log_line("HQ's reply did not mention " + std::to_string(pending.size()) +
               " rows; they will be sent again");
    }
    if (last_batch && pending.empty()) break;
  }
  return result;
}

ErrorKind SyncEngine::pull_question_set(std::string& error) {
  std::vector<std::string> headers;
  const auto known = state_json(store_, keys::kQuestionSet);
  if (known && known->contains("etag") && (*known)["etag"].is_string()) {
    const std::string etag = (*known)["etag"].get<std::string>();
    if (!etag.empty() && etag.find_first_of("\r\n") == std::string::npos) {
      headers.push_back("If-None-Match: " + etag);
    }
  }
  Call c = call("fetching the question set", "/v1/question-set", nullptr, headers);
  if (c.kind != ErrorKind::none) {
    error = c.error;
    return c.kind;
  }
  if (c.reply.status == 304 || c.reply.status == 404) return ErrorKind::none;
  if (c.reply.status != 200) {
    error = "HQ answered " + std::to_string(c.reply.status) + " when asked for the question set";
    return ErrorKind::server;
  }
  QuestionSet set;
  try {
    set = parse_question_set(c.reply.body, "HQ's question set");
  } catch (const std::exception& e) {
    error = std::string("HQ's question set could not be used: ") + e.what();
    return ErrorKind::protocol;
  }
  if (set.unit_id != device_.unit_id) {
    error = "HQ sent the question set of unit \"" + set.unit_id + "\", but this tablet belongs to \"" +
            device_.unit_id + "\"; kept the tablet's set";
    return ErrorKind::protocol;
  }
  std::string note;
  std::int64_t current = 0;
  try {
    if (auto cur = store_.current_question_set()) current = cur->version;
  } catch (const std::exception& e) {
    log_line(std::string("the stored question set could not be read: ") + e.what());
  }
  if (set.version > current) {
    try {
      store_.save_question_set(set, "hq");
      log_line("stored question set version " + std::to_string(set.version) + " from HQ");
    } catch (const std::invalid_argument& e) {
      error = std::string("HQ's question set was not stored: ") + e.what();
      return ErrorKind::protocol;
    }
  } else {
    note = "HQ's version " + std::to_string(set.version) + " is not newer than the tablet's " +
           std::to_string(current) + "; kept the tablet's";
  }
  json s{{"etag", c.reply.etag}, {"version", set.version}, {"checked_at_ms", now()}, {"note", note}};
  store_.put_state(keys::kQuestionSet, s.dump());
  return ErrorKind::none;
}

ErrorKind SyncEngine::pull_figures(std::string& error) {
  const LocalDate today = zone_.date_of(now());
  const std::pair<LocalDate, const char*> wanted[] = {{today, keys::kFiguresToday},
                                                      {today.plus_days(-1), keys::kFiguresYesterday}};
  for (const auto& [date, key] : wanted) {
    Call c = call("fetching figures", "/v1/figures?date=" + date.iso(), nullptr, {});
    if (c.kind != ErrorKind::none) {
      error = c.error;
      return c.kind;
    }
    if (c.reply.status != 200) {
      error = "HQ answered " + std::to_string(c.reply.status) + " when asked for the figures of " +
              date.iso();
      return ErrorKind::server;
    }
    try {
      const protocol::UnitFigures f = protocol::decode_figures(c.reply.body);
      if (f.unit_id != device_.unit_id || f.date != date) {
        error = "HQ sent figures of unit \"" + f.unit_id + "\" for " + f.date.iso() + " when asked for \"" +
                device_.unit_id + "\" on " + date.iso();
        return ErrorKind::protocol;
      }
    } catch (const protocol::ProtocolError& e) {
      error = std::string("HQ's figures could not be read: ") + e.what();
      return ErrorKind::protocol;
    }
    json v{{"date", date.iso()}, {"fetched_at_ms", now()}, {"figures", parse_json_bounded(c.reply.body)}};
    store_.put_state(key, v.dump());
  }
  return ErrorKind::none;
}

bool SyncEngine::reconcile_due() {
  const std::int64_t t = now();
  if (zone_.minute_of_day(t) < config_.reconcile_minute) return false;
  const auto last = state_json(store_, keys::kReconcile);
  const std::string today = zone_.date_of(t).iso();
  return !(last && last->contains("date") && (*last)["date"] == today);
}

ErrorKind SyncEngine::reconcile(std::string& error) {
  const std::int64_t t = now();
  const std::int64_t today = t / kDayMs;
  const int days = std::min(config_.purge_after_days, kMaxReconcileDays);
  const std::int64_t first = today - (days - 1);
  Call c = call("the nightly reconciliation", "/v1/daily-counts?from=" + utc_date_of_day(first).iso() +
                                                  "&to=" + utc_date_of_day(today).iso(),
                nullptr, {});
  if (c.kind != ErrorKind::none) {
    error = c.error;
    return c.kind;
  }
  if (c.reply.status != 200) {
    error = "HQ answered " + std::to_string(c.reply.status) + " when asked for its daily counts";
    return ErrorKind::server;
  }
  protocol::DailyCounts hq;
  try {
    hq = protocol::decode_daily_counts(c.reply.body);
  } catch (const protocol::ProtocolError& e) {
    error = std::string("HQ's daily counts could not be read: ") + e.what();
    return ErrorKind::protocol;
  }
  const auto mine = store_.sent_counts_by_utc_day(first * kDayMs, (today + 1) * kDayMs);
  json resent = json::array();
  std::int64_t unsent = 0;
  for (const auto& [day, count] : mine) {
    const std::string date = utc_date_of_day(day).iso();
    const auto it = hq.find(date);
    const std::int64_t theirs = it == hq.end() ? 0 : it->second;
    if (theirs < count) {
      const std::int64_t n = store_.mark_unsent_between(day * kDayMs, (day + 1) * kDayMs);
      unsent += n;
      resent.push_back(date);
      log_line("HQ holds " + std::to_string(theirs) + " answers of " + date + ", the tablet sent " +
               std::to_string(count) + "; sending the day again");
    }
  }
  const std::int64_t purged = store_.purge_sent(t - config_.purge_after_days * kDayMs);
  json r{{"date", zone_.date_of(t).iso()}, {"at_ms", t}, {"days_checked", days},
         {"resent_days", resent}, {"rows_marked_unsent", unsent}, {"purged", purged}};
  store_.put_state(keys::kReconcile, r.dump());
  return ErrorKind::none;
}

void SyncEngine::write_status(const CycleResult& r) {
  const std::int64_t t = now();
  store_.put_state(keys::kLastAttempt, json{{"at_ms", t}}.dump());
  if (r.ok()) {
    store_.put_state(keys::kLastSuccess, json{{"at_ms", t}, {"sent", r.upload.delivered}}.dump());
    store_.put_state(keys::kLastError, "{}");
  } else {
    store_.put_state(keys::kLastError, json{{"at_ms", t},
                                                   {"kind", to_string(r.error_kind)},
                                                   {"message", r.error},
                                                   {"retry_at_ms", t + r.wait_ms}}
                                                  .dump());
  }
  write_queue();
}

CycleResult SyncEngine::run_cycle() {
  CycleResult r;
  const auto fail = [&](ErrorKind kind, const std::string& error) {
    if (r.ok()) {
      r.error_kind = kind;
      r.error = error;
    }
  };
  std::string error;
  if (!load_token(error)) {
    fail(ErrorKind::config, error);
  } else if (auth_block_ && auth_block_->token == token_ && now() < auth_block_->until_ms) {
    // HQ refused this very token: do not hammer it; a new token or the timer lifts the block.
    const auto last = state_json(store_, keys::kLastError);
    fail(ErrorKind::auth, last && last->contains("message") && (*last)["message"].is_string()
                              ? (*last)["message"].get<std::string>()
                              : "HQ rejected the device token");
    r.wait_ms = auth_block_->until_ms - now();
    write_queue();
    return r;
  } else {
    auth_block_.reset();
    r.upload = upload();
    if (!r.upload.ok()) {
      fail(r.upload.error_kind, r.upload.error);
    } else if (!(stop_ && stop_->stop_requested())) {
      ErrorKind k = pull_question_set(error);
      if (k != ErrorKind::none) fail(k, error);
      if (r.ok() && (k = pull_figures(error)) != ErrorKind::none) fail(k, error);
      if (r.ok() && reconcile_due()) {
        if ((k = reconcile(error)) != ErrorKind::none) {
          fail(k, error);
        } else if (store_.unsent_count() > 0) {
          const UploadResult again = upload();
          r.upload.delivered += again.delivered;
          r.upload.rejected += again.rejected;
          r.upload.requests += again.requests;
          if (!again.ok()) fail(again.error_kind, again.error);
        }
      }
    }
  }

  if (r.error_kind == ErrorKind::auth) {
    note_auth_failure();
    r.wait_ms = config_.auth_retry_ms;
  } else if (!r.ok()) {
    r.wait_ms = backoff_.next_delay_ms(r.upload.retry_after_ms);
  } else {
    backoff_.reset();
    r.wait_ms = config_.interval_ms;
  }
  if (!r.ok()) log_line(std::string(to_string(r.error_kind)) + " error: " + r.error);
  write_status(r);
  return r;
}

}  // namespace hymy::sync
