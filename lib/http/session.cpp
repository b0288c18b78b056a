#include "http/session.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "eddy/json.hpp"
#include "eddy/log.hpp"
#include "http/http2_session.hpp"
#include "http/listener.hpp"
#include "http/request_limits.hpp"
#include "http/response_wire.hpp"

namespace eddy {
namespace http = boost::beast::http;

namespace {

using request_limits::kMaxHeaderBytes;
using request_limits::kMaxTargetBytes;
// How much one read may bring.
constexpr std::size_t kReadBytes = 16 * 1024;
// After refusing a request whose rest is still arriving, how long and how much to read and drop
// before closing: closing with unread bytes sends a reset, which can destroy the answer before
// the client reads it.
constexpr auto kDrainTime = std::chrono::seconds(2);
constexpr std::size_t kDrainBytes = 4 * 1024 * 1024;
// An answer's bytes larger than this are not kept for the connection's next answer.
constexpr std::size_t kKeptWireCapacity = 64 * 1024;

auto redirect(boost::system::error_code& ec) {
  return asio::redirect_error(asio::use_awaitable, ec);
}

bool expects_continue(const protocol::HttpRequest& head) {
  std::string_view expect = head.header("Expect");
  return expect.size() == 12 && boost::beast::iequals(expect, "100-continue");
}

}  // namespace

Session::Session(Listener& listener, asio::ip::tcp::socket socket)
    : listener_(listener),
      socket_(std::move(socket)),
      deadline_timer_(socket_.get_executor(), Clock::time_point::max()) {
  // So send_now() can try to send at once without ever blocking the thread.
  Error ignored;
  socket_.non_blocking(true, ignored);
}

void Session::close_if_idle() {
  asio::post(socket_.get_executor(), [self = shared_from_this()] {
    if (self->http2_) {
      self->http2_->shut_down();
    } else if (!self->busy_) {
      Error ignored;
      self->socket_.cancel(ignored);
    }
  });
}

void Session::expire_after(std::chrono::seconds timeout) {
  deadline_ = Clock::now() + timeout;
  timed_out_ = false;
  if (!deadline_timer_waiting_ || deadline_ < deadline_timer_.expiry()) arm_deadline_timer();
}

void Session::arm_deadline_timer() {
  // Cancels a wait under way: its handler sees operation_aborted and leaves things to this one.
  deadline_timer_.expires_at(deadline_);
  deadline_timer_waiting_ = true;
  deadline_timer_.async_wait([weak = weak_from_this()](const Error& ec) {
    if (auto self = weak.lock()) self->on_deadline_timer(ec);
  });
}

void Session::on_deadline_timer(const Error& ec) {
  if (ec == asio::error::operation_aborted) return;
  deadline_timer_waiting_ = false;
  if (deadline_ == Clock::time_point::max()) return;
  if (Clock::now() < deadline_) return arm_deadline_timer();  // the deadline moved later
  // A read or write under way fails; one about to start sees timed_out_.
  timed_out_ = true;
  Error ignored;
  socket_.cancel(ignored);
}

Awaitable<Session::Error> Session::read_more() {
  if (timed_out_) co_return asio::error::timed_out;
  Error ec;
  std::size_t received =
      co_await socket_.async_read_some(buffer_.prepare(kReadBytes), redirect(ec));
  buffer_.commit(received);
  co_return ec;
}

Awaitable<void> Session::run() {
  auto self = shared_from_this();
  struct Unregister {
    Session* session;
    ~Unregister() { session->listener_.remove(session); }
  } unregister{this};

  bool first = true;
  while (!listener_.stopping()) {
    // The next request's first bytes: here already when pipelined, else awaited up to the idle
    // timeout. Read here as read_more() reads, not through it: its coroutine frame, once per
    // request, cost more than the read's own work.
    if (buffer_.size() == 0) {
      expire_after(std::chrono::seconds(listener_.config().idle_timeout_seconds));
      Error ec;
      std::size_t received =
          co_await socket_.async_read_some(buffer_.prepare(kReadBytes), redirect(ec));
      buffer_.commit(received);
      if (ec || buffer_.size() == 0) break;
    }
    if (first && co_await opens_with_http2_preface()) {
      co_await serve_http2();
      co_return;
    }
    first = false;
    RequestParser parser(storage_);
    parser.header_limit(kMaxHeaderBytes);
    // Content-Length over the ceiling fails the header read; the addressed endpoint's own limit
    // is applied once the header says where the request goes.
    parser.body_limit(listener_.config().body_limit);
    // The common request came whole and within every limit: taken here, it needs neither
    // read_request's coroutine nor read_header's. Each request is answered here too, not in a
    // coroutine of its own: frames cost more than the little work between their awaits.
    bool taken = take_plain(parser);
    if (!(taken && within_limits(parser)) && !co_await read_request(parser, taken)) break;
    expire_never();  // the answer may take a long poll's time
    const protocol::HttpRequest& request = parser.request();
    protocol::HttpResponse out;
    try {
      out = co_await listener_.handler().handle(request);
    } catch (const std::exception& e) {
      log::write(log::Level::error,
                 fmt::format("{} {} failed: {}", request.method, request.target, e.what()));
      out = request_limits::internal_failure();
    }
    bool keep_alive = parser.keep_alive() && !listener_.stopping();
    Error ec;
    std::size_t sent = send_now(std::move(out), parser, keep_alive, ec);
    if (!ec && sent < wire_.size())
      co_await asio::async_write(socket_, asio::buffer(wire_) + sent, redirect(ec));
    // One large answer must not hold its memory for the connection's life.
    if (wire_.capacity() > kKeptWireCapacity) std::string().swap(wire_);
    busy_ = false;
    if (ec || !keep_alive) break;
  }
  Error ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  socket_.close(ignored);
  deadline_timer_.cancel();
}

Awaitable<bool> Session::opens_with_http2_preface() {
  constexpr std::string_view preface = Http2Session::kClientPreface;
  bool deadline_set = false;
  for (;;) {
    auto data = buffer_.data();
    std::string_view received(static_cast<const char*>(data.data()), data.size());
    std::size_t compared = std::min(received.size(), preface.size());
    if (received.substr(0, compared) != preface.substr(0, compared)) co_return false;
    if (compared == preface.size()) co_return true;
    if (!deadline_set)
      expire_after(std::chrono::seconds(listener_.config().header_timeout_seconds));
    deadline_set = true;
    // On failure the HTTP/1.1 reader fails on what it has, and closes.
    if (co_await read_more()) co_return false;
  }
}

Awaitable<void> Session::serve_http2() {
  std::string received = boost::beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  expire_never();
  deadline_timer_.cancel();
  http2_ = std::make_shared<Http2Session>(listener_, std::move(socket_));
  co_await http2_->run(std::move(received));
}

bool Session::within_limits(RequestParser& parser) {
  const protocol::HttpRequest& head = parser.request();
  std::size_t limit = std::min(listener_.handler().body_limit(head), listener_.config().body_limit);
  auto declared = parser.content_length();
  bool fits = parser.target().size() <= kMaxTargetBytes && !(declared && *declared > limit);
  if (fits) busy_ = true;
  return fits;
}

Awaitable<bool> Session::read_request(RequestParser& parser, bool taken) {
  const ServerConfig& config = listener_.config();
  Error ec;
  if (!taken) ec = co_await read_header(parser);
  if (!ec || ec == http::error::header_limit) {
    // The request line is parsed, and its target known, unless it alone overran the limit.
    bool line_overran = ec && parser.target().empty();
    if (line_overran || parser.target().size() > kMaxTargetBytes) {
      co_await refuse(parser.version(), request_limits::target_too_long());
      co_return false;
    }
    if (ec) {
      co_await refuse(parser.version(), request_limits::header_too_large());
      co_return false;
    }
  }
  if (ec == http::error::body_limit) {
    co_await refuse(parser.version(), request_limits::body_too_large(config.body_limit));
    co_return false;
  }
  if (ec) co_return false;  // closed, timed out, stop(), or garbage: nothing to answer
  busy_ = true;

  const protocol::HttpRequest& head = parser.request();
  std::size_t limit = std::min(listener_.handler().body_limit(head), config.body_limit);
  if (auto declared = parser.content_length(); declared && *declared > limit) {
    co_await refuse(parser.version(), request_limits::body_too_large(limit));
    co_return false;
  }
  // From here Beast counts the body against the limit as it arrives, chunked bodies included.
  parser.body_limit(limit);
  if (!parser.is_done() && expects_continue(head)) {
    std::string_view proceed =
        parser.version() == 10 ? "HTTP/1.0 100 Continue\r\n\r\n" : "HTTP/1.1 100 Continue\r\n\r\n";
    co_await asio::async_write(socket_, asio::buffer(proceed), redirect(ec));
    if (ec) co_return false;
  }
  // A body that came whole needs no reading (nor the coroutine that reads).
  if (!parser.is_done()) ec = co_await read_body(parser);
  if (ec == http::error::body_limit) {
    co_await refuse(parser.version(), request_limits::body_too_large(limit));
    co_return false;
  }
  co_return !ec;
}

Awaitable<Session::Error> Session::read_header(RequestParser& parser) {
  // Beast 1.74 applies header_limit to what each read brings after the fields parsed so far,
  // not to the whole header, so the whole header is counted here: parsed bytes plus those
  // waiting in the buffer.
  std::size_t parsed = 0;
  bool deadline_set = false;
  Error ec;
  for (;;) {
    if (buffer_.size() > 0) {
      // Beast keeps nothing of a head it has not seen whole, so until it consumed some, the
      // plain reading can still take the request (the common case, at the first try).
      if (parsed == 0 && take_plain(parser)) co_return ec;
      std::size_t used = parser.put(buffer_.data(), ec);
      buffer_.consume(used);
      parsed += used;
      if (!ec && parsed > kMaxHeaderBytes) co_return http::error::header_limit;
      if (ec != http::error::need_more) co_return ec;
      if (parsed + buffer_.size() >= kMaxHeaderBytes) co_return http::error::header_limit;
    }
    // The header timeout starts once the header turns out not to have come whole with the
    // request's first bytes: a request that did never touches the timer.
    if (!deadline_set)
      expire_after(std::chrono::seconds(listener_.config().header_timeout_seconds));
    deadline_set = true;
    if ((ec = co_await read_more())) co_return ec;
  }
}

bool Session::take_plain(RequestParser& parser) {
  auto data = buffer_.data();
  std::size_t used =
      parser.take_plain(std::string_view(static_cast<const char*>(data.data()), data.size()));
  buffer_.consume(used);
  return used > 0;
}

Awaitable<Session::Error> Session::read_body(RequestParser& parser) {
  Error ec;
  for (;;) {
    // The body bytes that came with the header are parsed first, saving a read (and its hop
    // through the executor) for the common request that arrives in one segment.
    while (!parser.is_done() && buffer_.size() > 0) {
      std::size_t used = parser.put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec == http::error::need_more) {
        ec = {};
        break;
      }
      if (ec) co_return ec;
      if (used == 0) break;
    }
    if (parser.is_done()) co_return ec;
    // Re-armed on every read: the body timeout bounds a stall, not the upload.
    expire_after(std::chrono::seconds(listener_.config().body_timeout_seconds));
    if ((ec = co_await read_more())) {
      if (ec == asio::error::eof) ec = http::error::partial_message;
      co_return ec;
    }
  }
}

std::size_t Session::send_now(protocol::HttpResponse&& out, RequestParser& parser, bool keep_alive,
                              Error& ec) {
  auto method = parser.request().method == "HEAD" ? http_wire::RequestMethod::head
                                                  : http_wire::RequestMethod::other;
  http_wire::serialize_response(std::move(out), parser.version(), keep_alive, method, wire_);
  // An answer nearly always fits the socket's send buffer: sent here, it skips the reactor and
  // the trip through the executor an asynchronous write completes by. What did not fit (the
  // socket is non-blocking) goes out asynchronously, with no deadline: a slow reader may wait.
  std::size_t sent = socket_.write_some(asio::buffer(wire_), ec);
  if (ec == asio::error::would_block || ec == asio::error::try_again) ec = {};
  return sent;
}

Awaitable<void> Session::refuse(unsigned version, protocol::HttpResponse refusal) {
  std::string wire = http_wire::serialize_response(std::move(refusal), version, false);
  Error ec;
  expire_after(std::chrono::seconds(listener_.config().header_timeout_seconds));
  co_await asio::async_write(socket_, asio::buffer(wire), redirect(ec));
  if (!ec) co_await drain_before_close();
}

Awaitable<void> Session::drain_before_close() {
  Error ec;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  expire_after(kDrainTime);
  std::size_t drained = 0;
  char scratch[16 * 1024];
  while (!ec && !timed_out_ && drained < kDrainBytes)
    drained += co_await socket_.async_read_some(asio::buffer(scratch), redirect(ec));
}

}  // namespace eddy
