// One network thread runs every connection as a chain of asynchronous steps, each with its own
// deadline (a timer that cancels the socket): wait for a request, read its headers, check them,
// read its body, hand it to a worker, write the reply. Workers write streamed replies by posting
// each chunk back to the network thread and waiting for it (bounded by the write timeout).
#include "server/http_transport.hpp"

#include <sys/resource.h>
#include <sys/socket.h>

#include <utility>  // before Asio: its headers use std::exchange

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

#include "protocol/protocol.hpp"
#include "server/connection_limits.hpp"
#include "server/multipart_form.hpp"
#include "server/worker_pool.hpp"

namespace hymy::hq {
namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// After an error reply to a request whose body was not read, the client may still be sending it:
// read and drop up to this much for this long so that it sees the reply rather than a reset.
constexpr std::size_t kLingerBytes = 64 * 1024;
constexpr std::chrono::seconds kLingerTime{1};
constexpr std::chrono::seconds kStopGrace{30};

bool method_has_body(http::verb v) {
  return v == http::verb::post || v == http::verb::put || v == http::verb::patch ||
         v == http::verb::delete_;
}

std::string address_text(const net::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

std::string reason_phrase(int status) {
  const auto reason = http::obsolete_reason(http::int_to_status(static_cast<unsigned>(status)));
  return reason.empty() ? "Status" : std::string(reason);
}

// Header names and values from handlers go on the wire as they are: keep them to one line.
std::string one_line(const std::string& s) {
  std::string out = s;
  out.erase(std::remove_if(out.begin(), out.end(), [](char c) { return c == '\r' || c == '\n'; }),
            out.end());
  return out;
}

enum class Framing { length, chunked };

std::string response_head(const httplib::Response& res, Framing framing, std::size_t length,
                          bool keep_alive, bool http10) {
  std::string head = "HTTP/1.1 " + std::to_string(res.status) + " " + reason_phrase(res.status) + "\r\n";
  for (const auto& [name, value] : res.headers) {
    if (beast::iequals(name, "Content-Length") || beast::iequals(name, "Transfer-Encoding") ||
        beast::iequals(name, "Connection")) {
      continue;
    }
    head += one_line(name) + ": " + one_line(value) + "\r\n";
  }
  if (framing == Framing::chunked) {
    head += "Transfer-Encoding: chunked\r\n";
  } else {
    head += "Content-Length: " + std::to_string(length) + "\r\n";
  }
  if (!keep_alive) {
    head += "Connection: close\r\n";
  } else if (http10) {
    head += "Connection: keep-alive\r\n";
  }
  head += "\r\n";
  return head;
}

std::string chunk(const char* data, std::size_t size) {
  char prefix[24];
  const int n = std::snprintf(prefix, sizeof prefix, "%zx\r\n", size);
  std::string out(prefix, static_cast<std::size_t>(n));
  out.append(data, size);
  out += "\r\n";
  return out;
}

// The reply the transport gives itself, with a JSON error body like the handlers' errors.
std::string refusal(int status, const std::string& message, std::optional<std::chrono::seconds> retry_after) {
  httplib::Response res;
  res.status = status;
  res.set_header("Content-Type", "application/json");
  if (retry_after) res.set_header("Retry-After", std::to_string(retry_after->count()));
  const std::string body = protocol::error_body(message);
  return response_head(res, Framing::length, body.size(), false, false) + body;
}

}  // namespace

struct HttpTransport::Impl {
  Impl(const ServerOptions& o, Handle h, Refused r)
      : options(o),
        handle(std::move(h)),
        refused(std::move(r)),
        limits(o.max_connections, o.max_connections_per_address) {}

  ServerOptions options;
  Handle handle;
  Refused refused;
  ConnectionLimits limits;
  std::atomic<std::size_t> inflight_body_bytes{0};

  // Declared before what uses them: destroyed after the workers (which hold sessions) are gone.
  net::io_context ioc{1};
  std::optional<ssl::context> tls;
  tcp::acceptor acceptor{ioc};
  net::steady_timer accept_retry{ioc};
  net::steady_timer stop_grace{ioc};
  const std::string too_many_connections =
      refusal(503, "too many connections; try again later", options.busy_retry_after);
  std::unique_ptr<WorkerPool> workers;

  mutable std::mutex mutex;
  mutable std::condition_variable changed;
  bool running = false;
  bool stopping = false;
  std::size_t busy = 0;  // requests handed to a worker whose reply is not yet written

  void begin_busy() {
    std::lock_guard lock(mutex);
    ++busy;
  }
  void end_busy() {
    std::lock_guard lock(mutex);
    if (--busy == 0 && stopping) ioc.stop();  // the last reply of a stopping server is out
  }
  bool is_stopping() const {
    std::lock_guard lock(mutex);
    return stopping;
  }

  void accept();
  void on_accept(tcp::socket socket);
};

namespace {

template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  template <class... StreamArgs>
  Session(HttpTransport::Impl& server, ConnectionLimits::Ticket ticket, tcp::socket socket,
          StreamArgs&&... stream_args)
      : server_(server),
        options_(server.options),
        ticket_(std::move(ticket)),
        timer_(socket.get_executor()),
        stream_(std::move(socket), std::forward<StreamArgs>(stream_args)...),
        buffer_(options_.max_header_bytes + 16 * 1024) {
    boost::system::error_code ec;
    const auto peer = socket_().remote_endpoint(ec);
    if (!ec) {
      remote_addr_ = address_text(peer.address());
      remote_port_ = peer.port();
    }
    const auto local = socket_().local_endpoint(ec);
    if (!ec) {
      local_addr_ = address_text(local.address());
      local_port_ = local.port();
    }
    socket_().set_option(tcp::no_delay(true), ec);
  }

  void start() {
    if constexpr (std::is_same_v<Stream, tcp::socket>) {
      wait_for_request(options_.header_timeout);
    } else {
      arm(options_.header_timeout);
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](boost::system::error_code ec) {
                                self->disarm();
                                if (ec) return self->close();
                                self->wait_for_request(self->options_.header_timeout);
                              });
    }
  }

  // From a worker: writes `bytes` on the network thread; false when the client did not take them
  // within the write timeout (or the server is stopping).
  bool write_from_worker(std::string bytes) {
    auto done = std::make_shared<std::promise<bool>>();
    auto result = done->get_future();
    net::post(timer_.get_executor(), [self = this->shared_from_this(), done,
                                      bytes = std::make_shared<std::string>(std::move(bytes))] {
      self->arm(self->options_.write_timeout);
      net::async_write(self->stream_, net::buffer(*bytes),
                       [self, done, bytes](boost::system::error_code ec, std::size_t) {
                         self->disarm();
                         done->set_value(!ec && !self->timed_out_);
                       });
    });
    if (result.wait_for(options_.write_timeout + std::chrono::seconds(5)) != std::future_status::ready) {
      return false;
    }
    return result.get();
  }

 private:
  tcp::socket& socket_() { return beast::get_lowest_layer(stream_); }

  // One deadline for whatever is pending: when it passes, the socket's operations are cancelled
  // and their handlers see timed_out_.
  void arm(Clock::duration after) {
    timed_out_ = false;
    timer_.expires_after(after);
    timer_.async_wait([self = this->shared_from_this()](boost::system::error_code ec) {
      if (ec) return;  // re-armed or disarmed
      self->timed_out_ = true;
      boost::system::error_code ignored;
      self->socket_().cancel(ignored);
    });
  }
  void disarm() { timer_.cancel(); }

  void wait_for_request(Clock::duration idle) {
    if (buffer_.size() > 0) return read_header();  // a pipelined request is already here
    arm(idle);
    stream_.async_read_some(buffer_.prepare(1024), [self = this->shared_from_this()](
                                                       boost::system::error_code ec, std::size_t n) {
      self->disarm();
      if (ec || n == 0) return self->close();  // idle too long, or the client left
      self->buffer_.commit(n);
      self->read_header();
    });
  }

  void read_header() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
    // Checked against Content-Length as the headers end (error::body_limit, answered with 413).
    parser_->body_limit(options_.max_body_bytes);
    arm(options_.header_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = this->shared_from_this()](boost::system::error_code ec, std::size_t) {
                              self->disarm();
                              self->on_header(ec);
                            });
  }

  void on_header(boost::system::error_code ec) {
    if (timed_out_) {
      return refuse(408, "the request line and headers did not arrive within " +
                             std::to_string(options_.header_timeout.count()) + " s", "");
    }
    if (ec == http::error::header_limit) {
      return refuse(431, "request headers larger than " + std::to_string(options_.max_header_bytes) +
                             " bytes", "");
    }
    if (ec == http::error::end_of_stream || ec == net::error::eof ||
        ec == net::error::connection_reset || ec == net::error::operation_aborted) {
      return close();
    }
    const auto& header = parser_->get();
    target_ = std::string(header.target());
    const std::string path = target_.substr(0, target_.find('?'));
    if (ec == http::error::body_limit) return refuse_too_large(path);
    if (ec) return refuse(400, "malformed request: " + ec.message(), "");

    if (target_.size() > options_.max_target_bytes) {
      return refuse(414, "request target longer than " + std::to_string(options_.max_target_bytes) +
                             " bytes", "");
    }
    if (parser_->chunked()) {
      return refuse(411, "Transfer-Encoding is not accepted; send a Content-Length", path);
    }
    const std::uint64_t length = parser_->content_length().value_or(0);
    if (method_has_body(header.method()) && !parser_->content_length()) {
      return refuse(411, "Content-Length: required", path);
    }
    if (length > options_.max_body_bytes) return refuse_too_large(path);
    if (server_.inflight_body_bytes.fetch_add(length) + length > options_.max_inflight_body_bytes) {
      server_.inflight_body_bytes -= length;
      return refuse(503, "too many uploads in progress; try again later", path,
                    options_.busy_retry_after);
    }
    reserved_body_ = length;

    const auto expect = header[http::field::expect];
    if (!parser_->is_done() && beast::iequals(expect, "100-continue")) {
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      arm(options_.write_timeout);
      net::async_write(stream_, net::buffer(kContinue),
                       [self = this->shared_from_this()](boost::system::error_code write_ec, std::size_t) {
                         self->disarm();
                         if (write_ec) return self->close();
                         self->read_body();
                       });
      return;
    }
    read_body();
  }

  void read_body() {
    if (parser_->is_done()) return dispatch();
    const std::size_t length = reserved_body_;
    const auto allowed = options_.body_grace +
                         std::chrono::seconds(length / std::max<std::size_t>(options_.min_body_bytes_per_second, 1));
    arm(std::min<Clock::duration>(allowed, options_.body_timeout));
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](boost::system::error_code ec, std::size_t) {
                       self->disarm();
                       self->on_body(ec);
                     });
  }

  void refuse_too_large(const std::string& path) {
    const std::string length(parser_->get()[http::field::content_length]);
    refuse(413, "body too large: " + length + " bytes, at most " +
                    std::to_string(options_.max_body_bytes), path);
  }

  void on_body(boost::system::error_code ec) {
    const std::string path = target_.substr(0, target_.find('?'));
    if (timed_out_) {
      return refuse(408, "the request body arrived slower than " +
                             std::to_string(options_.min_body_bytes_per_second) + " bytes/s", path);
    }
    if (ec) return close();
    dispatch();
  }

  // Builds the request handlers see and hands it to a worker.
  void dispatch() {
    auto& message = parser_->get();
    auto req = std::make_shared<httplib::Request>();
    req->method = std::string(message.method_string());
    req->target = target_;
    const std::size_t question = target_.find('?');
    req->path = httplib::detail::decode_url(target_.substr(0, question), false);
    if (question != std::string::npos) {
      httplib::detail::parse_query_text(target_.substr(question + 1), req->params);
    }
    req->version = message.version() == 10 ? "HTTP/1.0" : "HTTP/1.1";
    for (const auto& field : message) {
      req->headers.emplace(std::string(field.name_string()), std::string(field.value()));
    }
    req->body = std::move(message.body());
    req->remote_addr = remote_addr_;
    req->remote_port = remote_port_;
    req->local_addr = local_addr_;
    req->local_port = local_port_;
    const std::string content_type = req->get_header_value("Content-Type");
    if (content_type.rfind("application/x-www-form-urlencoded", 0) == 0) {
      httplib::detail::parse_query_text(req->body, req->params);
    } else if (content_type.rfind("multipart/form-data", 0) == 0) {
      auto parts = parse_multipart_form(content_type, req->body);
      if (!parts) return refuse(400, "multipart/form-data: malformed body", req->path);
      req->files = std::move(*parts);
    }
    ++requests_;
    http10_ = message.version() == 10;
    keep_alive_ = message.keep_alive() && requests_ < options_.keep_alive_max_requests;
    head_ = message.method() == http::verb::head;
    parser_.reset();

    server_.begin_busy();
    const bool posted = server_.workers->try_post([self = this->shared_from_this(), req] {
      self->serve_on_worker(*req);
    });
    if (!posted) {
      server_.end_busy();
      release_body();
      return refuse(503, "every worker is busy; try again later", req->path, options_.busy_retry_after);
    }
  }

  void serve_on_worker(httplib::Request& req) {
    auto res = std::make_shared<httplib::Response>();
    try {
      server_.handle(req, *res);
    } catch (...) {  // HqServer answers handler failures itself; this is the last guard
      res = std::make_shared<httplib::Response>();
      res->status = 500;
      res->set_content(protocol::error_body("internal error; the request was not completed"),
                       "application/json");
    }
    release_body();
    if (res->status < 100 || res->status > 999) res->status = 500;
    const bool keep_alive = keep_alive_ && !server_.is_stopping();
    if (res->content_provider_) return stream_reply(*res, keep_alive);
    const std::size_t length = res->body.size();
    auto bytes = std::make_shared<std::string>(response_head(*res, Framing::length, length, keep_alive, http10_));
    if (!head_) *bytes += res->body;
    net::post(timer_.get_executor(), [self = this->shared_from_this(), bytes, keep_alive] {
      self->write_reply(bytes, keep_alive);
    });
  }

  // A reply produced while it is sent (exports): chunk by chunk from the worker.
  void stream_reply(httplib::Response& res, bool keep_alive) {
    bool ok = write_from_worker(response_head(res, Framing::chunked, 0, keep_alive, http10_));
    if (ok && !head_) {
      bool done = false;
      std::size_t offset = 0;
      httplib::DataSink sink;
      sink.write = [&](const char* data, std::size_t size) {
        if (!ok) return false;
        if (size > 0) ok = write_from_worker(chunk(data, size));
        offset += size;
        return ok;
      };
      sink.is_writable = [&] { return ok; };
      sink.done = [&] { done = true; };
      while (ok && !done) {
        if (!res.content_provider_(offset, 0, sink)) ok = false;
      }
      if (ok) ok = write_from_worker("0\r\n\r\n");
    }
    res.content_provider_success_ = ok;
    net::post(timer_.get_executor(), [self = this->shared_from_this(), ok, keep_alive] {
      self->server_.end_busy();
      if (ok && keep_alive) return self->wait_for_request(self->options_.keep_alive_timeout);
      self->close();
    });
  }

  void write_reply(std::shared_ptr<std::string> bytes, bool keep_alive) {
    arm(options_.write_timeout);
    net::async_write(stream_, net::buffer(*bytes),
                     [self = this->shared_from_this(), bytes, keep_alive](boost::system::error_code ec,
                                                                          std::size_t) {
                       self->disarm();
                       self->server_.end_busy();
                       if (ec || !keep_alive) return self->close();
                       self->wait_for_request(self->options_.keep_alive_timeout);
                     });
  }

  // Answers without a handler, closes the connection, and lets the client finish sending first.
  void refuse(int status, const std::string& message, const std::string& path,
              std::optional<std::chrono::seconds> retry_after = std::nullopt) {
    release_body();
    server_.refused(RefusedRequest{status, path});
    auto bytes = std::make_shared<std::string>(refusal(status, message, retry_after));
    arm(options_.write_timeout);
    net::async_write(stream_, net::buffer(*bytes),
                     [self = this->shared_from_this(), bytes](boost::system::error_code ec, std::size_t) {
                       self->disarm();
                       if (ec) return self->close();
                       self->linger();
                     });
  }

  void linger() {
    boost::system::error_code ignored;
    socket_().shutdown(tcp::socket::shutdown_send, ignored);
    lingered_ = 0;
    arm(kLingerTime);
    drain();
  }

  void drain() {
    auto scratch = std::make_shared<std::array<char, 4096>>();
    socket_().async_read_some(net::buffer(*scratch), [self = this->shared_from_this(), scratch](
                                                         boost::system::error_code ec, std::size_t n) {
      self->lingered_ += n;
      if (ec || self->lingered_ >= kLingerBytes) {
        self->disarm();
        return self->close();
      }
      self->drain();
    });
  }

  void close() {
    boost::system::error_code ignored;
    socket_().shutdown(tcp::socket::shutdown_both, ignored);
    socket_().close(ignored);
  }

  void release_body() {
    server_.inflight_body_bytes -= reserved_body_.exchange(0);
  }

  HttpTransport::Impl& server_;
  const ServerOptions& options_;
  ConnectionLimits::Ticket ticket_;
  net::steady_timer timer_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  bool timed_out_ = false;
  std::string target_;
  std::string remote_addr_, local_addr_;
  int remote_port_ = -1, local_port_ = -1;
  std::size_t requests_ = 0;
  std::atomic<std::size_t> reserved_body_{0};
  std::size_t lingered_ = 0;
  bool keep_alive_ = false;
  bool http10_ = false;
  bool head_ = false;
};

// Every tablet syncing at once is an open socket: take the whole hard limit on open files (the
// soft one is often 1024, e.g. under systemd).
void raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

void HttpTransport::Impl::accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](boost::system::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor.is_open()) return;  // stopping
    if (ec) {
      // Out of file descriptors or similar: wait a moment instead of spinning on the error.
      accept_retry.expires_after(std::chrono::milliseconds(50));
      accept_retry.async_wait([this](boost::system::error_code wait_ec) {
        if (!wait_ec) accept();
      });
      return;
    }
    on_accept(std::move(socket));
    accept();
  });
}

void HttpTransport::Impl::on_accept(tcp::socket socket) {
  boost::system::error_code ec;
  const auto peer = socket.remote_endpoint(ec);
  if (ec) return;
  auto ticket = limits.admit(address_text(peer.address()));
  if (!ticket) {
    // Over a cap: one small reply that fits the fresh socket's buffer, sent without waiting.
    ::send(socket.native_handle(), too_many_connections.data(), too_many_connections.size(),
           MSG_DONTWAIT | MSG_NOSIGNAL);
    refused(RefusedRequest{503, ""});
    socket.close(ec);
    return;
  }
  if (tls) {
    std::make_shared<Session<ssl::stream<tcp::socket>>>(*this, std::move(*ticket), std::move(socket), *tls)
        ->start();
  } else {
    std::make_shared<Session<tcp::socket>>(*this, std::move(*ticket), std::move(socket))->start();
  }
}

HttpTransport::HttpTransport(const ServerOptions& options, Handle handle, Refused refused)
    : impl_(std::make_unique<Impl>(options, std::move(handle), std::move(refused))) {
  if (options.tls_cert_file.has_value() != options.tls_key_file.has_value()) {
    throw std::runtime_error("TLS needs both --tls-cert and --tls-key, or neither");
  }
  if (options.tls_cert_file) {
    try {
      auto& context = impl_->tls.emplace(ssl::context::tls_server);
      context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                          ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
      context.use_certificate_chain_file(*options.tls_cert_file);
      context.use_private_key_file(*options.tls_key_file, ssl::context::pem);
    } catch (const boost::system::system_error&) {
      throw std::runtime_error("cannot load the TLS certificate " + *options.tls_cert_file + " or key " +
                               *options.tls_key_file + " (expected PEM files that match)");
    }
  }
}

HttpTransport::~HttpTransport() { stop(); }

int HttpTransport::bind() {
  Impl& s = *impl_;
  const std::string where = s.options.host + ":" + std::to_string(s.options.port);
  try {
    tcp::resolver resolver(s.ioc);
    const auto endpoints = resolver.resolve(s.options.host, std::to_string(s.options.port),
                                            tcp::resolver::passive | tcp::resolver::numeric_service);
    const tcp::endpoint endpoint = endpoints.begin()->endpoint();
    s.acceptor.open(endpoint.protocol());
    s.acceptor.set_option(tcp::acceptor::reuse_address(true));
    s.acceptor.bind(endpoint);
    s.acceptor.listen(s.options.listen_backlog);
    s.options.port = s.acceptor.local_endpoint().port();
    return s.options.port;
  } catch (const boost::system::system_error& e) {
    boost::system::error_code ignored;
    s.acceptor.close(ignored);
    throw std::runtime_error("cannot listen on " + where + " (" + e.code().message() + ")");
  }
}

bool HttpTransport::run() {
  Impl& s = *impl_;
  if (!s.acceptor.is_open()) return false;
  raise_open_file_limit();
  s.workers = std::make_unique<WorkerPool>(s.options.threads, s.options.max_queued_requests);
  {
    std::lock_guard lock(s.mutex);
    if (s.stopping) return true;
    s.running = true;
  }
  s.changed.notify_all();
  s.accept();
  s.ioc.run();
  s.workers.reset();  // runs what is queued (their replies are lost: the network is stopped)
  {
    std::lock_guard lock(s.mutex);
    s.running = false;
  }
  s.changed.notify_all();
  return true;
}

void HttpTransport::stop() {
  Impl& s = *impl_;
  {
    std::lock_guard lock(s.mutex);
    if (s.stopping) return;
    s.stopping = true;
  }
  // Requests in hand finish and their replies go out (end_busy stops the network thread after
  // the last one, or the grace timer does); idle and half-read connections end with it.
  net::post(s.ioc, [&s] {
    boost::system::error_code ignored;
    s.acceptor.close(ignored);
    s.accept_retry.cancel();
    std::lock_guard lock(s.mutex);
    if (s.busy == 0) return s.ioc.stop();
    s.stop_grace.expires_after(kStopGrace);
    s.stop_grace.async_wait([&s](boost::system::error_code ec) {
      if (!ec) s.ioc.stop();
    });
  });
}

bool HttpTransport::is_running() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->running;
}

bool HttpTransport::wait_until_running(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mutex);
  return impl_->changed.wait_for(lock, timeout, [this] { return impl_->running; });
}

}  // namespace hymy::hq
