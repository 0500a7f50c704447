// The fake HQ's handlers. It uses the same protocol code as the real HQ (decode_batch,
// encode_reply), so what it accepts is what HQ accepts.
#include "fake_hq.hpp"

#include <chrono>
#include <stdexcept>

#include "protocol/protocol.hpp"

namespace hymy::sync::testing {
namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

std::string utc_date(std::int64_t ms) {
  return LocalDate{1970, 1, 1}.plus_days(static_cast<int>(ms / kDayMs)).iso();
}

void reply_error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(protocol::error_body(message), "application/json");
}

}  // namespace

FakeHq::FakeHq() {
  server_.set_keep_alive_max_count(1000);
  server_.Post("/v1/batches", [this](const httplib::Request& req, httplib::Response& res) {
    handle_batch(req, res);
  });
  server_.Get("/v1/question-set", [this](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex_);
    if (req.get_header_value("Authorization") != "Bearer " + token_) {
      return reply_error(res, 401, "unknown token");
    }
    if (req.has_header("If-None-Match")) if_none_match_.push_back(req.get_header_value("If-None-Match"));
    if (question_set_json_.empty()) return reply_error(res, 404, "no question set for this unit");
    if (req.get_header_value("If-None-Match") == question_set_etag_) {
      res.status = 304;
      return;
    }
    res.set_header("ETag", question_set_etag_);
    res.set_content(question_set_json_, "application/json");
  });
  server_.Get("/v1/figures", [this](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex_);
    if (req.get_header_value("Authorization") != "Bearer " + token_) {
      return reply_error(res, 401, "unknown token");
    }
    const std::string date = req.get_param_value("date");
    figure_dates_.push_back(date);
    if (!figures_) {
      Figures f;
      f.first_day = LocalDate::parse(date).value_or(LocalDate{});
      f.current.count = static_cast<std::int64_t>(stored_.size());
      return res.set_content(protocol::encode_figures("demo", f, 1), "application/json");
    }
    res.set_content(figures_(date), "application/json");
  });
  server_.Get("/v1/daily-counts", [this](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex_);
    if (req.get_header_value("Authorization") != "Bearer " + token_) {
      return reply_error(res, 401, "unknown token");
    }
    ++daily_count_requests_;
    const std::string from = req.get_param_value("from");
    const std::string to = req.get_param_value("to");
    protocol::DailyCounts counts;
    for (const auto& [id, r] : stored_) {
      const std::string day = utc_date(r.answered_at_ms);
      if (day >= from && day <= to) ++counts[day];
    }
    res.set_content(protocol::encode_daily_counts(counts), "application/json");
  });

  port_ = server_.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("fake HQ: cannot bind a loopback port");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  // Bounded wait for the listening loop (cpp-httplib 0.11 has no wait_until_ready).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!server_.is_running()) {
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("fake HQ did not start");
    std::this_thread::yield();
  }
}

FakeHq::~FakeHq() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  released_.notify_all();
  server_.stop();
  thread_.join();
}

void FakeHq::push(Step step) {
  std::lock_guard lock(mutex_);
  script_.push_back(std::move(step));
}

void FakeHq::set_token(const std::string& token) {
  std::lock_guard lock(mutex_);
  token_ = token;
}

void FakeHq::set_max_rows(std::size_t rows) {
  std::lock_guard lock(mutex_);
  max_rows_ = rows;
}

void FakeHq::reject_if(std::function<std::optional<std::string>(const Response&)> rule) {
  std::lock_guard lock(mutex_);
  reject_rule_ = std::move(rule);
}

void FakeHq::set_question_set(const std::string& json, const std::string& etag) {
  std::lock_guard lock(mutex_);
  question_set_json_ = json;
  question_set_etag_ = etag;
}

void FakeHq::set_figures(std::function<std::string(const std::string&)> body) {
  std::lock_guard lock(mutex_);
  figures_ = std::move(body);
}

void FakeHq::forget_day(const std::string& day) {
  std::lock_guard lock(mutex_);
  std::erase_if(stored_, [&](const auto& kv) { return utc_date(kv.second.answered_at_ms) == day; });
}

std::size_t FakeHq::stored_count() {
  std::lock_guard lock(mutex_);
  return stored_.size();
}

std::set<std::string> FakeHq::stored_ids() {
  std::lock_guard lock(mutex_);
  std::set<std::string> ids;
  for (const auto& kv : stored_) ids.insert(kv.first);
  return ids;
}

std::size_t FakeHq::batch_posts() {
  std::lock_guard lock(mutex_);
  return posts_;
}

std::size_t FakeHq::duplicates_replied() {
  std::lock_guard lock(mutex_);
  return duplicates_;
}

std::size_t FakeHq::max_rows_in_a_batch() {
  std::lock_guard lock(mutex_);
  return max_rows_seen_;
}

std::vector<std::string> FakeHq::if_none_match_seen() {
  std::lock_guard lock(mutex_);
  return if_none_match_;
}

std::vector<std::string> FakeHq::figure_dates_seen() {
  std::lock_guard lock(mutex_);
  return figure_dates_;
}

std::size_t FakeHq::daily_count_requests() {
  std::lock_guard lock(mutex_);
  return daily_count_requests_;
}

bool FakeHq::all_posts_gzip() {
  std::lock_guard lock(mutex_);
  return all_gzip_;
}

std::int64_t FakeHq::last_sent_at_ms() {
  std::lock_guard lock(mutex_);
  return last_sent_at_ms_;
}

// Stores a decoded batch like the real HQ: new ids accepted, known ids duplicate. Caller holds
// the mutex. Returns the reply body.
std::string FakeHq::store_batch(const std::string& json, std::size_t& rows) {
  const protocol::DecodedBatch batch = protocol::decode_batch(json);
  last_sent_at_ms_ = batch.sent_at_ms;
  rows = batch.valid.size() + batch.rejected.size();
  protocol::BatchReply reply;
  reply.rejected = batch.rejected;
  for (const auto& r : batch.valid) {
    if (reject_rule_) {
      if (auto why = reject_rule_(r)) {
        reply.rejected.push_back({r.id, *why});
        continue;
      }
    }
    if (stored_.count(r.id)) {
      reply.duplicate.push_back(r.id);
      ++duplicates_;
    } else {
      stored_.emplace(r.id, r);
      reply.accepted.push_back(r.id);
    }
  }
  reply.server_time_ms = 1;
  return protocol::encode_reply(reply);
}

void FakeHq::handle_batch(const httplib::Request& req, httplib::Response& res) {
  std::unique_lock lock(mutex_);
  ++posts_;
  if (req.get_header_value("Authorization") != "Bearer " + token_) {
    return reply_error(res, 401, "unknown or revoked token");
  }
  if (req.get_header_value("Content-Encoding") != "gzip") all_gzip_ = false;
  Step step;
  if (!script_.empty()) {
    step = script_.front();
    script_.pop_front();
  }
  if (step.mode == Step::Mode::status) {
    if (step.retry_after) res.set_header("Retry-After", *step.retry_after);
    return reply_error(res, step.status, "scripted failure");
  }
  // cpp-httplib has already inflated a gzip body; inflate here only if it did not.
  std::string json = req.body;
  try {
    if (json.size() >= 2 && json[0] == '\x1f' && json[1] == '\x8b') json = protocol::gunzip(json);
  } catch (const protocol::ProtocolError& e) {
    return reply_error(res, 400, e.what());
  }
  std::size_t rows = 0;
  try {
    // A 413 looks at the row count before storing anything, like a size limit would.
    const auto peek = protocol::decode_batch(json);
    if (peek.valid.size() + peek.rejected.size() > max_rows_) {
      return reply_error(res, 413, "batch too large");
    }
  } catch (const protocol::ProtocolError& e) {
    return reply_error(res, 400, e.what());
  }
  const std::string reply = store_batch(json, rows);
  max_rows_seen_ = std::max(max_rows_seen_, rows);

  switch (step.mode) {
    case Step::Mode::normal:
    case Step::Mode::status:
      res.set_content(reply, "application/json");
      return;
    case Step::Mode::garbage:
      res.set_content("<html><body>502 proxy says hello</body></html>", "application/json");
      return;
    case Step::Mode::huge:
      res.set_content(std::string(8 << 20, ' ') + reply, "application/json");
      return;
    case Step::Mode::store_then_drop:
      res.set_content_provider(reply.size(), "application/json",
                               [](size_t, size_t, httplib::DataSink&) { return false; });
      return;
    case Step::Mode::store_then_cut:
      res.set_content_provider(reply.size(), "application/json",
                               [reply](size_t offset, size_t, httplib::DataSink& sink) {
                                 if (offset > 0) return false;
                                 sink.write(reply.data(), reply.size() / 2);
                                 return true;
                               });
      return;
    case Step::Mode::store_then_stall: {
      // Held until the test ends (or 30 s): the client's own timeout must end the request.
      released_.wait_for(lock, std::chrono::seconds(30), [this] { return stopping_; });
      res.set_content(reply, "application/json");
      return;
    }
    case Step::Mode::trickle:
      res.set_content_provider(reply.size(), "application/json",
                               [this, reply](size_t offset, size_t, httplib::DataSink& sink) {
                                 std::unique_lock wait_lock(mutex_);
                                 if (released_.wait_for(wait_lock, std::chrono::milliseconds(300),
                                                        [this] { return stopping_; })) {
                                   return false;
                                 }
                                 sink.write(reply.data() + offset, 1);
                                 return true;
                               });
      return;
  }
}

}  // namespace hymy::sync::testing
