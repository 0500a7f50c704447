// libcurl behind HttpClient. Every handle is owned by a unique_ptr with its cleanup function and
// every curl_easy_setopt is checked, so a misconfigured option is a clear error, not a silent
// plain-text or unverified connection.
#include "daemon/http_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <stdexcept>

namespace hymy::sync {
namespace {

using EasyHandle = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using HeaderList = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

void global_init() {
  static std::once_flag once;
  static CURLcode rc = CURLE_OK;
  std::call_once(once, [] { rc = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (rc != CURLE_OK) {
    throw std::runtime_error(std::string("curl_global_init failed: ") + curl_easy_strerror(rc));
  }
}

// One transfer's collected reply, filled by the callbacks below.
struct Sink {
  std::string body;
  std::size_t max_bytes = 0;
  bool too_large = false;
  std::string etag;
  std::optional<std::string> retry_after;
  const std::function<bool()>* should_abort = nullptr;
  bool aborted = false;
  std::int64_t bytes_out = 0;
  std::int64_t bytes_in = 0;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const size_t n = size * count;
  if (sink->body.size() + n > sink->max_bytes) {
    sink->too_large = true;
    return 0;  // makes curl fail the transfer with CURLE_WRITE_ERROR
  }
  sink->body.append(data, n);
  return n;
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const size_t n = size * count;
  const std::string_view line(data, n);
  const auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const std::string value = trimmed(line.substr(colon + 1));
    if (name == "etag") sink->etag = value;
    if (name == "retry-after") sink->retry_after = value;
  } else if (line.rfind("HTTP/", 0) == 0) {
    // A new status line (e.g. after a 100 Continue): forget the previous reply's headers.
    sink->etag.clear();
    sink->retry_after.reset();
  }
  return n;
}

// Counts what goes over the connection at the HTTP level (headers and bodies as sent, before TLS).
int on_debug(CURL*, curl_infotype type, char*, size_t size, void* user) {
  auto* sink = static_cast<Sink*>(user);
  if (type == CURLINFO_HEADER_OUT || type == CURLINFO_DATA_OUT) sink->bytes_out += static_cast<std::int64_t>(size);
  if (type == CURLINFO_HEADER_IN || type == CURLINFO_DATA_IN) sink->bytes_in += static_cast<std::int64_t>(size);
  return 0;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* sink = static_cast<Sink*>(user);
  if (sink->should_abort && *sink->should_abort && (*sink->should_abort)()) {
    sink->aborted = true;
    return 1;
  }
  return 0;
}

class Setter {
 public:
  explicit Setter(CURL* h) : h_(h) {}
  template <class T>
  void operator()(CURLoption option, T value, const char* name) {
    const CURLcode rc = curl_easy_setopt(h_, option, value);
    if (rc != CURLE_OK) {
      throw std::runtime_error(std::string("curl_easy_setopt(") + name + ") failed: " +
                               curl_easy_strerror(rc));
    }
  }

 private:
  CURL* h_;
};

#define HYMY_SETOPT(set, option, value) set(option, value, #option)

}  // namespace

struct HttpClient::Impl {
  HttpOptions options;
  std::function<bool()> should_abort;
  EasyHandle easy{nullptr, &curl_easy_cleanup};
  char error_buffer[CURL_ERROR_SIZE] = {};
};

HttpClient::HttpClient(HttpOptions options, std::function<bool()> should_abort)
    : impl_(std::make_unique<Impl>()) {
  global_init();
  impl_->options = std::move(options);
  impl_->should_abort = std::move(should_abort);
  impl_->easy.reset(curl_easy_init());
  if (!impl_->easy) throw std::runtime_error("curl_easy_init failed");
}

HttpClient::~HttpClient() = default;

HttpReply HttpClient::get(const std::string& path, const std::vector<std::string>& headers) {
  return perform(path, headers, nullptr);
}

HttpReply HttpClient::post(const std::string& path, const std::vector<std::string>& headers,
                           std::string_view body) {
  return perform(path, headers, &body);
}

HttpReply HttpClient::perform(const std::string& path, const std::vector<std::string>& headers,
                              const std::string_view* body) {
  CURL* h = impl_->easy.get();
  const HttpOptions& o = impl_->options;
  // reset() forgets the previous request's options but keeps the open connection for reuse.
  curl_easy_reset(h);
  Setter set(h);
  Sink sink;
  sink.max_bytes = o.max_response_bytes;
  sink.should_abort = &impl_->should_abort;
  impl_->error_buffer[0] = '\0';

  HeaderList list(nullptr, &curl_slist_free_all);
  const auto add_header = [&](const std::string& header) {
    curl_slist* next = curl_slist_append(list.get(), header.c_str());
    if (!next) throw std::runtime_error("curl_slist_append failed");
    (void)list.release();
    list.reset(next);
  };
  for (const auto& header : headers) add_header(header);
  add_header("Expect:");  // no 100-continue round trip before each batch

  const std::string url = o.base_url + path;
  HYMY_SETOPT(set, CURLOPT_URL, url.c_str());
  HYMY_SETOPT(set, CURLOPT_PROTOCOLS_STR, "http,https");
  HYMY_SETOPT(set, CURLOPT_FOLLOWLOCATION, 0L);
  HYMY_SETOPT(set, CURLOPT_NOSIGNAL, 1L);
  HYMY_SETOPT(set, CURLOPT_ERRORBUFFER, impl_->error_buffer);
  HYMY_SETOPT(set, CURLOPT_USERAGENT, "hymy-sync/1");
  HYMY_SETOPT(set, CURLOPT_HTTPHEADER, list.get());
  HYMY_SETOPT(set, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(o.connect_timeout_ms));
  HYMY_SETOPT(set, CURLOPT_TIMEOUT_MS, static_cast<long>(o.total_timeout_ms));
  HYMY_SETOPT(set, CURLOPT_LOW_SPEED_LIMIT, static_cast<long>(o.low_speed_bytes_per_second));
  HYMY_SETOPT(set, CURLOPT_LOW_SPEED_TIME, static_cast<long>(o.low_speed_seconds));
  HYMY_SETOPT(set, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(o.max_response_bytes));
  HYMY_SETOPT(set, CURLOPT_SSL_VERIFYPEER, 1L);
  HYMY_SETOPT(set, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!o.ca_bundle.empty()) HYMY_SETOPT(set, CURLOPT_CAINFO, o.ca_bundle.c_str());
  std::string pins;
  for (const auto& pin : o.pinned_public_keys) pins += (pins.empty() ? "" : ";") + pin;
  if (!pins.empty()) HYMY_SETOPT(set, CURLOPT_PINNEDPUBLICKEY, pins.c_str());
  HYMY_SETOPT(set, CURLOPT_WRITEFUNCTION, &on_body);
  HYMY_SETOPT(set, CURLOPT_WRITEDATA, static_cast<void*>(&sink));
  HYMY_SETOPT(set, CURLOPT_HEADERFUNCTION, &on_header);
  HYMY_SETOPT(set, CURLOPT_HEADERDATA, static_cast<void*>(&sink));
  HYMY_SETOPT(set, CURLOPT_XFERINFOFUNCTION, &on_progress);
  HYMY_SETOPT(set, CURLOPT_XFERINFODATA, static_cast<void*>(&sink));
  HYMY_SETOPT(set, CURLOPT_NOPROGRESS, 0L);
  // VERBOSE only feeds on_debug (the byte counts); nothing is printed.
  HYMY_SETOPT(set, CURLOPT_DEBUGFUNCTION, &on_debug);
  HYMY_SETOPT(set, CURLOPT_DEBUGDATA, static_cast<void*>(&sink));
  HYMY_SETOPT(set, CURLOPT_VERBOSE, 1L);
  // Replies (lists of ids) compress well; the size cap above applies to the inflated bytes.
  HYMY_SETOPT(set, CURLOPT_ACCEPT_ENCODING, "gzip");
  if (body) {
    HYMY_SETOPT(set, CURLOPT_POST, 1L);
    HYMY_SETOPT(set, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
    HYMY_SETOPT(set, CURLOPT_POSTFIELDS, body->data());
  } else {
    HYMY_SETOPT(set, CURLOPT_HTTPGET, 1L);
  }

  HttpReply reply;
  const CURLcode rc = curl_easy_perform(h);

  long status = 0;
  // Reading info cannot fail for this option on a handle that performed; still checked.
  if (curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK) status = 0;
  reply.bytes_sent = sink.bytes_out;
  reply.bytes_received = sink.bytes_in;

  if (rc != CURLE_OK) {
    reply.timed_out = rc == CURLE_OPERATION_TIMEDOUT;
    if (sink.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
      reply.error = "HQ's reply was larger than the limit of " + std::to_string(o.max_response_bytes) +
                    " bytes";
    } else if (sink.aborted) {
      reply.error = "request stopped because hymy-sync is shutting down";
    } else {
      reply.error = std::string(curl_easy_strerror(rc));
      if (impl_->error_buffer[0] != '\0') reply.error += std::string(" (") + impl_->error_buffer + ")";
    }
    reply.error = "request to " + url + " failed: " + reply.error;
    return reply;
  }
  char* content_type = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &content_type) == CURLE_OK && content_type) {
    reply.content_type = content_type;
  }
  reply.status = status;
  reply.body = std::move(sink.body);
  reply.etag = std::move(sink.etag);
  reply.retry_after = std::move(sink.retry_after);
  return reply;
}

}  // namespace hymy::sync
