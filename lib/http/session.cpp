#include "http/session.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "eddy/json.hpp"
#include "eddy/log.hpp"
#include "http/http2_session.hpp"
#include "http/listener.hpp"
#include "http/request_limits.hpp"
#include "http/response_wire.hpp"

namespace eddy {
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

using request_limits::kMaxHeaderBytes;
using request_limits::kMaxTargetBytes;
// How much one read of a request's start may bring.
constexpr std::size_t kReadBytes = 16 * 1024;
// After refusing a request whose rest is still arriving, how long and how much to read and drop
// before closing: closing with unread bytes sends a reset, which can destroy the answer before
// the client reads it.
constexpr auto kDrainTime = std::chrono::seconds(2);
constexpr std::size_t kDrainBytes = 4 * 1024 * 1024;

using Request = http::request<http::string_body>;

auto redirect(boost::system::error_code& ec) {
  return asio::redirect_error(asio::use_awaitable, ec);
}

// The request as the protocol layer sees it; views into `request`, which must outlive it.
protocol::HttpRequest view_of(const Request& request) {
  protocol::HttpRequest view;
  view.method = request.method_string();
  view.target = request.target();
  view.body = request.body();
  for (const auto& field : request) view.headers.emplace_back(field.name_string(), field.value());
  return view;
}

}  // namespace

Session::Session(Listener& listener, asio::ip::tcp::socket socket)
    : listener_(listener), stream_(std::move(socket)) {}

void Session::close_if_idle() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] {
    if (self->http2_)
      self->http2_->shut_down();
    else if (!self->busy_)
      self->stream_.cancel();
  });
}

Awaitable<void> Session::run() {
  auto self = shared_from_this();
  struct Unregister {
    Session* session;
    ~Unregister() { session->listener_.remove(session); }
  } unregister{this};

  bool first = true;
  while (!listener_.stopping() && co_await await_request()) {
    if (first && co_await opens_with_http2_preface()) {
      co_await serve_http2();
      co_return;
    }
    first = false;
    if (!co_await serve_request()) break;
  }
  Error ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  stream_.close();
}

Awaitable<bool> Session::await_request() {
  if (buffer_.size() > 0) co_return true;  // pipelined: the next request is already here
  stream_.expires_after(std::chrono::seconds(listener_.config().idle_timeout_seconds));
  Error ec;
  std::size_t received =
      co_await stream_.async_read_some(buffer_.prepare(kReadBytes), redirect(ec));
  buffer_.commit(received);
  co_return !ec && received > 0;
}

Awaitable<bool> Session::opens_with_http2_preface() {
  constexpr std::string_view preface = Http2Session::kClientPreface;
  stream_.expires_after(std::chrono::seconds(listener_.config().header_timeout_seconds));
  for (;;) {
    auto data = buffer_.data();
    std::string_view received(static_cast<const char*>(data.data()), data.size());
    std::size_t compared = std::min(received.size(), preface.size());
    if (received.substr(0, compared) != preface.substr(0, compared)) co_return false;
    if (compared == preface.size()) co_return true;
    Error ec;
    std::size_t more = co_await stream_.async_read_some(buffer_.prepare(kReadBytes), redirect(ec));
    buffer_.commit(more);
    if (ec) co_return false;  // the HTTP/1.1 reader then fails on what it has, and closes
  }
}

Awaitable<void> Session::serve_http2() {
  std::string received = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  stream_.expires_never();
  http2_ = std::make_shared<Http2Session>(listener_, stream_.release_socket());
  co_await http2_->run(std::move(received));
}

Awaitable<bool> Session::serve_request() {
  const ServerConfig& config = listener_.config();
  Parser parser;
  parser.header_limit(kMaxHeaderBytes);
  // Content-Length over the ceiling fails the header read; the addressed endpoint's own limit
  // is applied once the header says where the request goes.
  parser.body_limit(config.body_limit);
  stream_.expires_after(std::chrono::seconds(config.header_timeout_seconds));
  Error ec = co_await read_header(parser);
  const Request& head = parser.get();
  if (!ec || ec == http::error::header_limit) {
    // The request line is parsed, and its target known, unless it alone overran the limit.
    bool line_overran = ec && head.target().empty();
    if (line_overran || head.target().size() > kMaxTargetBytes) {
      co_await refuse(head.version(), request_limits::target_too_long());
      co_return false;
    }
    if (ec) {
      co_await refuse(head.version(), request_limits::header_too_large());
      co_return false;
    }
  }
  if (ec == http::error::body_limit) {
    co_await refuse(head.version(), request_limits::body_too_large(config.body_limit));
    co_return false;
  }
  if (ec) co_return false;  // closed, timed out, stop(), or garbage: nothing to answer
  busy_ = true;

  std::size_t limit = std::min(listener_.handler().body_limit(view_of(head)), config.body_limit);
  if (auto declared = parser.content_length(); declared && *declared > limit) {
    co_await refuse(head.version(), request_limits::body_too_large(limit));
    co_return false;
  }
  // From here Beast counts the body against the limit as it arrives, chunked bodies included.
  parser.body_limit(limit);
  if (beast::iequals(head[http::field::expect], "100-continue") && !parser.is_done()) {
    http::response<http::empty_body> proceed{http::status::continue_, head.version()};
    co_await http::async_write(stream_, proceed, redirect(ec));
    if (ec) co_return false;
  }
  ec = co_await read_body(parser);
  if (ec == http::error::body_limit) {
    co_await refuse(head.version(), request_limits::body_too_large(limit));
    co_return false;
  }
  if (ec) co_return false;
  stream_.expires_never();  // the answer may take a long poll's time
  bool keep_alive = co_await answer(parser);
  busy_ = false;
  co_return keep_alive;
}

Awaitable<Session::Error> Session::read_header(Parser& parser) {
  // Beast 1.74 applies header_limit to what each read brings after the fields parsed so far,
  // not to the whole header, so the whole header is counted here: parsed bytes plus those
  // waiting in the buffer.
  std::size_t parsed = 0;
  Error ec;
  for (;;) {
    if (buffer_.size() > 0) {
      std::size_t used = parser.put(buffer_.data(), ec);
      buffer_.consume(used);
      parsed += used;
      if (!ec && parsed > kMaxHeaderBytes) co_return http::error::header_limit;
      if (ec != http::error::need_more) co_return ec;
      if (parsed + buffer_.size() >= kMaxHeaderBytes) co_return http::error::header_limit;
    }
    std::size_t received =
        co_await stream_.async_read_some(buffer_.prepare(kReadBytes), redirect(ec));
    buffer_.commit(received);
    if (ec) co_return ec;
  }
}

Awaitable<Session::Error> Session::read_body(Parser& parser) {
  Error ec;
  // The body bytes that came with the header are parsed here, saving a read operation (and its
  // hop through the executor) for the common request that arrives in one segment.
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
  // Re-armed on every read that brings bytes: the body timeout bounds a stall, not the upload.
  while (!parser.is_done()) {
    stream_.expires_after(std::chrono::seconds(listener_.config().body_timeout_seconds));
    co_await http::async_read_some(stream_, buffer_, parser, redirect(ec));
    if (ec) break;
  }
  co_return ec;
}

Awaitable<bool> Session::answer(Parser& parser) {
  Request request = parser.release();
  protocol::HttpRequest view = view_of(request);
  protocol::HttpResponse out;
  try {
    out = co_await listener_.handler().handle(view);
  } catch (const std::exception& e) {
    log::write(log::Level::error, fmt::format("{} {} failed: {}", request.method_string(),
                                              request.target(), e.what()));
    out = request_limits::internal_failure();
  }
  bool keep_alive = request.keep_alive() && !listener_.stopping();
  std::string wire = http_wire::serialize_response(std::move(out), request.version(), keep_alive);
  Error ec;
  // Straight to the socket: no timeout is armed while answering (a long poll's answer may wait).
  co_await asio::async_write(stream_.socket(), asio::buffer(wire), redirect(ec));
  co_return !ec && keep_alive;
}

Awaitable<void> Session::refuse(unsigned version, protocol::HttpResponse refusal) {
  std::string wire = http_wire::serialize_response(std::move(refusal), version, false);
  Error ec;
  stream_.expires_after(std::chrono::seconds(listener_.config().header_timeout_seconds));
  co_await asio::async_write(stream_, asio::buffer(wire), redirect(ec));
  if (!ec) co_await drain_before_close();
}

Awaitable<void> Session::drain_before_close() {
  Error ec;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  stream_.expires_after(kDrainTime);
  std::size_t drained = 0;
  char scratch[16 * 1024];
  while (!ec && drained < kDrainBytes)
    drained += co_await stream_.async_read_some(asio::buffer(scratch), redirect(ec));
}

}  // namespace eddy
