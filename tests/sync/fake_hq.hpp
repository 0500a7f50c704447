// A scripted fake HQ for the daemon's tests and benchmark: a cpp-httplib server on an ephemeral
// loopback port, in its own thread, that speaks sync/PROTOCOL.md (dedup by id, like the real HQ)
// and can be told to misbehave in every way the network or HQ can.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "hymy/model.hpp"

namespace hymy::sync::testing {

// What the fake does with the next POST /v1/batches.
struct Step {
  enum class Mode {
    normal,          // store, reply 200
    status,          // reply `status` with an error body (and Retry-After), store nothing
    store_then_drop, // store, send the reply's headers, close without a body (reply lost)
    store_then_cut,  // store, send half the reply body, close (connection reset mid-body)
    store_then_stall,// store, then hold the reply back until released (client times out)
    trickle,         // store, then send the reply a byte at a time, slowly
    garbage,         // store, reply 200 with a body that is not JSON
    huge,            // store, reply 200 with a body larger than any sane limit
  };
  Step() = default;
  Step(Mode m, int code = 200, std::optional<std::string> retry = std::nullopt)
      : mode(m), status(code), retry_after(std::move(retry)) {}
  Mode mode = Mode::normal;
  int status = 200;
  std::optional<std::string> retry_after;
};

class FakeHq {
 public:
  FakeHq();
  ~FakeHq();
  FakeHq(const FakeHq&) = delete;
  FakeHq& operator=(const FakeHq&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // --- script ---
  void push(Step step);
  void set_token(const std::string& token);
  void set_max_rows(std::size_t rows);  // above this a batch gets 413
  void reject_if(std::function<std::optional<std::string>(const Response&)> rule);
  void set_question_set(const std::string& json, const std::string& etag);
  void set_figures(std::function<std::string(const std::string& date)> body);
  void forget_day(const std::string& utc_date);  // as if HQ restored an older backup

  // --- what happened ---
  std::size_t stored_count();
  std::set<std::string> stored_ids();
  std::size_t batch_posts();
  std::size_t duplicates_replied();
  std::size_t max_rows_in_a_batch();
  std::vector<std::string> if_none_match_seen();
  std::vector<std::string> figure_dates_seen();
  std::size_t daily_count_requests();
  bool all_posts_gzip();
  std::int64_t last_sent_at_ms();

 private:
  void handle_batch(const httplib::Request& req, httplib::Response& res);
  std::string store_batch(const std::string& json, std::size_t& rows);

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;

  std::mutex mutex_;
  std::condition_variable released_;
  bool stopping_ = false;
  std::deque<Step> script_;
  std::string token_ = "device-token-1";
  std::size_t max_rows_ = 1000;
  std::function<std::optional<std::string>(const Response&)> reject_rule_;
  std::map<std::string, Response> stored_;
  std::string question_set_json_;
  std::string question_set_etag_;
  std::function<std::string(const std::string&)> figures_;
  std::size_t posts_ = 0;
  std::size_t duplicates_ = 0;
  std::size_t max_rows_seen_ = 0;
  bool all_gzip_ = true;
  std::int64_t last_sent_at_ms_ = 0;
  std::vector<std::string> if_none_match_;
  std::vector<std::string> figure_dates_;
  std::size_t daily_count_requests_ = 0;
};

}  // namespace hymy::sync::testing
