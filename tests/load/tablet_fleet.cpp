// The tablets' event loop over curl_multi.
#include "tablet_fleet.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "hymy/clock.hpp"
#include "hymy/uuid.hpp"
#include "protocol/protocol.hpp"

namespace hymy::hq::load {
namespace {

using Clock = std::chrono::steady_clock;

const char* const kComments[] = {
    "Ystävällinen henkilökunta, kiitos!", "Jonotus kesti liian kauan.",
    "Selkeät ohjeet ja nopea palvelu.", "Tack för hjälpen!", "Parkkipaikkoja on liian vähän.",
    "Lääkäri kuunteli hyvin.", "Odotustilassa oli kylmä."};

struct Tablet {
  std::string auth_header;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::string body;                 // gzip of the batch in flight
  std::vector<std::string> ids;     // its rows
  bool resend = false;              // a re-send of an acknowledged batch
  bool acknowledged_before = false;
  std::string last_acknowledged_body;
  std::vector<std::string> last_acknowledged_ids;
  std::string reply;
  Clock::time_point due;
  Clock::time_point sent_at;
  bool in_flight = false;
  bool pending = false;  // `body` not yet acknowledged: send it again before anything new
};

size_t collect(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

int rating(std::mt19937_64& rng) {
  // Plausible for on-site feedback: mostly happy, a tail of unhappy.
  const auto p = rng() % 100;
  return p < 55 ? 4 : p < 80 ? 3 : p < 92 ? 2 : 1;
}

void new_batch(Tablet& t, std::mt19937_64& rng, int max_rows) {
  protocol::Batch batch;
  const std::int64_t now = now_ms();
  batch.sent_at_ms = now;
  // Mostly a few rows (a tablet syncs often), sometimes a backlog.
  const int rows = rng() % 10 == 0 ? 1 + static_cast<int>(rng() % static_cast<std::uint64_t>(max_rows))
                                    : 1 + static_cast<int>(rng() % 5);
  std::string visit;
  t.ids.clear();
  for (int i = 0; i < rows; ++i) {
    const std::int64_t at = now - 60'000 + i * 500;
    if (visit.empty() || rng() % 2 == 0) visit = uuid_v7_at(at);
    Response r;
    r.id = new_uuid_v7();
    r.visit_id = visit;
    r.question_id = rng() % 3 == 0 ? "waiting-time" : "visit";
    r.question_set_version = 1;
    r.rating = rating(rng);
    if (rng() % 12 == 0) r.comment = kComments[rng() % std::size(kComments)];
    r.language = rng() % 10 == 0 ? "sv" : "fi";
    r.answered_at_ms = at;
    r.utc_offset_min = 120;
    r.channel = Channel::kiosk;
    t.ids.push_back(r.id);
    batch.responses.push_back(std::move(r));
  }
  t.body = protocol::gzip(protocol::encode_batch(batch));
  t.resend = false;
}

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

}  // namespace

FleetResult run_fleet(const FleetOptions& o) {
  FleetResult result;
  std::mt19937_64 rng(o.seed);
  const std::string url = o.base_url + "/v1/batches";
  std::map<std::string, int> accepted_count;

  CURLM* multi = curl_multi_init();
  if (!multi) throw std::runtime_error("curl_multi_init failed");
  // Every tablet keeps its connection, as the sync daemon does between uploads.
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, static_cast<long>(o.tokens.size() + 16));

  std::vector<Tablet> tablets(o.tokens.size());
  const auto start = Clock::now();
  const auto stop_new = start + o.duration;
  // Batches not yet acknowledged are re-sent after stop_new, but not forever.
  const auto stop_all = stop_new + o.request_timeout;
  for (std::size_t i = 0; i < tablets.size(); ++i) {
    Tablet& t = tablets[i];
    t.auth_header = "Authorization: Bearer " + o.tokens[i];
    t.headers = curl_slist_append(t.headers, t.auth_header.c_str());
    t.headers = curl_slist_append(t.headers, "Content-Type: application/json");
    t.headers = curl_slist_append(t.headers, "Content-Encoding: gzip");
    t.headers = curl_slist_append(t.headers, "Expect:");
    t.easy = curl_easy_init();
    curl_easy_setopt(t.easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(t.easy, CURLOPT_HTTPHEADER, t.headers);
    curl_easy_setopt(t.easy, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(t.easy, CURLOPT_WRITEDATA, &t.reply);
    curl_easy_setopt(t.easy, CURLOPT_TIMEOUT, static_cast<long>(o.request_timeout.count()));
    curl_easy_setopt(t.easy, CURLOPT_CONNECTTIMEOUT, static_cast<long>(o.request_timeout.count()));
    curl_easy_setopt(t.easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(t.easy, CURLOPT_PRIVATE, &t);
    t.due = start;  // all at once
  }

  std::size_t in_flight = 0;
  auto pause = [&] {
    const auto mean = o.mean_interval.count();
    const auto ms = mean <= 0 ? 0 : static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(2 * mean + 1));
    return std::chrono::milliseconds(ms);
  };

  for (;;) {
    const auto now = Clock::now();
    for (Tablet& t : tablets) {
      if (t.in_flight || now < t.due || now >= stop_all) continue;
      if (!t.pending) {
        if (now >= stop_new) continue;
        if (t.acknowledged_before && std::uniform_real_distribution<>(0, 1)(rng) < o.resend_fraction) {
          t.body = t.last_acknowledged_body;
          t.ids = t.last_acknowledged_ids;
          t.resend = true;
        } else {
          new_batch(t, rng, o.max_rows);
        }
        t.pending = true;
      }
      t.reply.clear();
      curl_easy_setopt(t.easy, CURLOPT_POSTFIELDS, t.body.data());
      curl_easy_setopt(t.easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(t.body.size()));
      t.sent_at = Clock::now();
      t.in_flight = true;
      ++in_flight;
      curl_multi_add_handle(multi, t.easy);
    }
    if (in_flight == 0 && now >= stop_new &&
        (now >= stop_all || std::none_of(tablets.begin(), tablets.end(), [](const Tablet& t) { return t.pending; }))) {
      break;  // what is still pending stays unacknowledged
    }
    int running = 0;
    curl_multi_perform(multi, &running);
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Tablet* t = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
      const CURLcode code = msg->data.result;
      curl_multi_remove_handle(multi, t->easy);
      t->in_flight = false;
      --in_flight;
      const auto done = Clock::now();
      result.latencies_ms.push_back(ms_between(t->sent_at, done));
      long status = 0;
      curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
      std::string error;
      protocol::BatchReply reply;
      if (code != CURLE_OK) {
        error = std::string("curl: ") + curl_easy_strerror(code);
      } else if (status != 200) {
        error = "HTTP " + std::to_string(status);
      } else {
        try {
          reply = protocol::decode_reply(t->reply);
        } catch (const std::exception&) {
          error = "unreadable reply";
        }
      }
      if (error.empty() && !reply.rejected.empty()) error = "rows rejected: " + reply.rejected.front().reason;
      if (error.empty() && reply.accepted.size() + reply.duplicate.size() != t->ids.size()) {
        error = "reply does not cover the batch";
      }
      if (error.empty() && t->resend && !reply.accepted.empty()) error = "re-sent rows accepted again";
      if (!error.empty()) {
        ++result.errors[error];
        t->due = done + pause();  // pending stays set: the same batch goes again
        continue;
      }
      ++result.batches;
      if (t->resend) ++result.resends;
      result.answers_accepted += static_cast<std::int64_t>(reply.accepted.size());
      for (const auto& id : reply.accepted) {
        if (++accepted_count[id] > 1) ++result.accepted_twice;
        result.acknowledged.insert(id);
      }
      for (const auto& id : reply.duplicate) result.acknowledged.insert(id);
      t->pending = false;
      t->acknowledged_before = true;
      t->last_acknowledged_body = t->body;
      t->last_acknowledged_ids = t->ids;
      t->due = done + pause();
    }
    // Wake for the next reply, or for the next tablet due (at most 20 ms later).
    curl_multi_poll(multi, nullptr, 0, 20, nullptr);
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (Tablet& t : tablets) {
    if (t.pending) {
      for (const auto& id : t.ids) {
        if (!result.acknowledged.count(id)) result.unacknowledged.insert(id);
      }
    }
    curl_easy_cleanup(t.easy);
    curl_slist_free_all(t.headers);
  }
  curl_multi_cleanup(multi);
  return result;
}

}  // namespace hymy::hq::load
