// Reading and checking the [sync] section; every refusal names the key and what was found.
#include "daemon/sync_config.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>

#include <memory>

namespace hymy::sync {
namespace {

using UrlHandle = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;

std::string url_part(CURLU* url, CURLUPart part) {
  char* value = nullptr;
  if (curl_url_get(url, part, &value, 0) != CURLUE_OK || value == nullptr) return "";
  std::string out(value);
  curl_free(value);
  return out;
}

bool is_loopback(const std::string& host) {
  if (host == "localhost" || host == "[::1]" || host == "::1") return true;
  in_addr v4{};
  // Only a literal address in 127.0.0.0/8: "127.0.0.1.example.org" is a remote name.
  return inet_pton(AF_INET, host.c_str(), &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127;
}

int parse_clock_time(const std::string& s) {
  // "HH:MM", 24-hour.
  if (s.size() != 5 || s[2] != ':') return -1;
  for (std::size_t i : {0u, 1u, 3u, 4u}) {
    if (s[i] < '0' || s[i] > '9') return -1;
  }
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 23 || m > 59) return -1;
  return h * 60 + m;
}

}  // namespace

std::string check_hq_url(const std::string& url, bool allow_insecure_http) {
  UrlHandle handle(curl_url(), &curl_url_cleanup);
  if (!handle) return "out of memory parsing the URL";
  if (curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return "expected an absolute URL such as \"https://hq.example.org\", found \"" + url + "\"";
  }
  const std::string scheme = url_part(handle.get(), CURLUPART_SCHEME);
  const std::string host = url_part(handle.get(), CURLUPART_HOST);
  if (scheme != "https" && scheme != "http") {
    return "expected an https:// URL, found scheme \"" + scheme + "\"";
  }
  if (scheme == "http" && !allow_insecure_http && !is_loopback(host)) {
    return "plain http:// is allowed only to this machine (loopback); use https://, or set "
           "sync.allow_insecure_http = true if you really mean to send answers unencrypted to \"" +
           host + "\"";
  }
  if (!url_part(handle.get(), CURLUPART_QUERY).empty() ||
      !url_part(handle.get(), CURLUPART_FRAGMENT).empty()) {
    return "expected a base URL without ?query or #fragment, found \"" + url + "\"";
  }
  if (!url_part(handle.get(), CURLUPART_USER).empty()) {
    return "expected no user name in the URL (the device token authenticates), found \"" + url + "\"";
  }
  return "";
}

std::string check_pin(const std::string& pin) {
  constexpr std::string_view prefix = "sha256//";
  if (pin.rfind(prefix, 0) != 0) return "expected \"sha256//<base64>\", found \"" + pin + "\"";
  const std::string b64 = pin.substr(prefix.size());
  // 32 bytes of SHA-256 are 44 base64 characters ending in one '='.
  if (b64.size() != 44 || b64[43] != '=') {
    return "expected 44 base64 characters after sha256// (a SHA-256 digest), found \"" + pin + "\"";
  }
  for (std::size_t i = 0; i < 43; ++i) {
    const char c = b64[i];
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '/';
    if (!ok) return "expected base64 after sha256//, found \"" + pin + "\"";
  }
  return "";
}

SyncConfig read_sync_config(const ConfigFile& file) {
  file.check_known_keys(
      "sync", {"hq_url", "token_file", "interval_seconds", "batch_rows", "reconcile_at",
               "purge_after_days", "ca_bundle", "pinned_public_keys", "allow_insecure_http",
               "connect_timeout_seconds", "request_timeout_seconds", "low_speed_bytes_per_second",
               "low_speed_seconds", "max_response_bytes", "backoff_base_seconds",
               "backoff_max_seconds", "auth_retry_seconds"});
  SyncConfig c;
  c.allow_insecure_http = file.boolean("sync.allow_insecure_http", false);
  c.hq_url = file.require_string("sync.hq_url");
  while (!c.hq_url.empty() && c.hq_url.back() == '/') c.hq_url.pop_back();
  if (std::string why = check_hq_url(c.hq_url, c.allow_insecure_http); !why.empty()) {
    file.fail("sync.hq_url", why);
  }
  c.token_file = file.require_string("sync.token_file");
  if (c.token_file.empty()) file.fail("sync.token_file", "expected a file path, found \"\"");

  const auto seconds = [&](const char* key, std::int64_t fallback_ms, std::int64_t min_s,
                           std::int64_t max_s) {
    return file.integer(key, fallback_ms / 1000, min_s, max_s) * 1000;
  };
  c.interval_ms = seconds("sync.interval_seconds", c.interval_ms, 10, 24 * 3600);
  c.batch_rows = static_cast<std::size_t>(file.integer("sync.batch_rows", 500, 1, 1000));
  const std::string at = file.string("sync.reconcile_at", "02:00");
  c.reconcile_minute = parse_clock_time(at);
  if (c.reconcile_minute < 0) {
    file.fail("sync.reconcile_at", "expected a local time \"HH:MM\" (24-hour), found \"" + at + "\"");
  }
  c.purge_after_days = static_cast<int>(file.integer("sync.purge_after_days", 30, 1, 3650));

  c.ca_bundle = file.string("sync.ca_bundle", "");
  c.pinned_public_keys = file.strings("sync.pinned_public_keys", {});
  for (const auto& pin : c.pinned_public_keys) {
    if (std::string why = check_pin(pin); !why.empty()) file.fail("sync.pinned_public_keys", why);
  }

  c.connect_timeout_ms = seconds("sync.connect_timeout_seconds", c.connect_timeout_ms, 1, 300);
  c.request_timeout_ms = seconds("sync.request_timeout_seconds", c.request_timeout_ms, 1, 3600);
  c.low_speed_bytes_per_second =
      file.integer("sync.low_speed_bytes_per_second", c.low_speed_bytes_per_second, 1, 1 << 30);
  c.low_speed_seconds = file.integer("sync.low_speed_seconds", c.low_speed_seconds, 1, 3600);
  c.max_response_bytes = static_cast<std::size_t>(
      file.integer("sync.max_response_bytes", static_cast<std::int64_t>(c.max_response_bytes),
                   64 * 1024, 256 << 20));
  c.backoff_base_ms = seconds("sync.backoff_base_seconds", c.backoff_base_ms, 1, 3600);
  c.backoff_max_ms = seconds("sync.backoff_max_seconds", c.backoff_max_ms, 1, 24 * 3600);
  if (c.backoff_max_ms < c.backoff_base_ms) {
    file.fail("sync.backoff_max_seconds", "expected at least sync.backoff_base_seconds (" +
                                              std::to_string(c.backoff_base_ms / 1000) + "), found " +
                                              std::to_string(c.backoff_max_ms / 1000));
  }
  c.auth_retry_ms = seconds("sync.auth_retry_seconds", c.auth_retry_ms, 60, 7 * 24 * 3600);
  return c;
}

}  // namespace hymy::sync
