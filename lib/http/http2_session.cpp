#include "http/http2_session.hpp"

#include <fmt/format.h>
#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <optional>

#include "eddy/log.hpp"
#include "http/listener.hpp"
#include "http/request_limits.hpp"
#include "protocol/event_stream.hpp"

namespace eddy {
namespace {

using Error = boost::system::error_code;

// Streams one client may have open at once; SDKs open a few dozen at most.
constexpr std::uint32_t kMaxConcurrentStreams = 128;
// The window each stream, and the whole connection, grants for request bodies. nghttp2 tops it
// up as bodies are taken in, so a large upload streams at the socket's pace, never stalling on
// the 64 KiB default.
constexpr std::int32_t kStreamWindow = 1024 * 1024;
constexpr std::int32_t kConnectionWindow = 16 * 1024 * 1024;
// How much one socket read and one socket write move.
constexpr std::size_t kReadChunk = 64 * 1024;
constexpr std::size_t kWriteChunk = 64 * 1024;

auto redirect_h2(Error& ec) {
  return asio::redirect_error(asio::use_awaitable, ec);
}

std::string_view as_view(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

nghttp2_nv header_pair(std::string_view name, std::string_view value) {
  // nghttp2 copies names and values when the response is submitted.
  return {const_cast<std::uint8_t*>(reinterpret_cast<const std::uint8_t*>(name.data())),
          const_cast<std::uint8_t*>(reinterpret_cast<const std::uint8_t*>(value.data())),
          name.size(), value.size(), NGHTTP2_NV_FLAG_NONE};
}

std::string lowercase(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

// HTTP/1.1 fields that describe the connection, which HTTP/2 forbids in a message.
bool is_connection_field(std::string_view lower_name) {
  return lower_name == "connection" || lower_name == "keep-alive" ||
         lower_name == "transfer-encoding" || lower_name == "upgrade" ||
         lower_name == "proxy-connection" || lower_name == "content-length";
}

std::optional<std::size_t> declared_length(const Http2Stream& stream) {
  for (const auto& [name, value] : stream.fields) {
    if (name != "content-length") continue;
    std::size_t length = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
    if (ec == std::errc() && end == value.data() + value.size()) return length;
  }
  return std::nullopt;
}

}  // namespace

// nghttp2 calls these with the session as user data; each finds its stream and forwards.
struct Http2Session::Callbacks {
  static Http2Session& self(void* user_data) { return *static_cast<Http2Session*>(user_data); }

  static int on_begin_headers(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
    if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
    auto stream = std::make_shared<Http2Stream>(frame->hd.stream_id);
    self(user_data).streams_.emplace(frame->hd.stream_id, std::move(stream));
    self(user_data).arm_deadline();
    return 0;
  }

  static int on_header(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name,
                       std::size_t name_size, const std::uint8_t* value, std::size_t value_size,
                       std::uint8_t, void* user_data) {
    Http2Stream* stream = self(user_data).find(frame->hd.stream_id);
    if (!stream || stream->phase != Http2Stream::Phase::receiving) return 0;  // trailers
    // Counted as SETTINGS_MAX_HEADER_LIST_SIZE counts: each field plus 32 bytes.
    stream->header_bytes += name_size + value_size + 32;
    if (stream->header_bytes > request_limits::kMaxHeaderBytes) return 0;  // refused at the end
    std::string_view field = as_view(name, name_size);
    std::string_view text = as_view(value, value_size);
    if (field == ":method")
      stream->method = text;
    else if (field == ":path")
      stream->path = text;
    else if (field == ":authority")
      stream->fields.emplace_back("host", text);
    else if (!field.starts_with(':'))
      stream->fields.emplace_back(field, text);
    return 0;
  }

  static int on_frame_recv(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
    Http2Stream* stream = self(user_data).find(frame->hd.stream_id);
    if (!stream) return 0;
    bool ends_stream = (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0;
    if (frame->hd.type == NGHTTP2_HEADERS && frame->headers.cat == NGHTTP2_HCAT_REQUEST)
      self(user_data).on_request_headers(*stream);
    if ((frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA) && ends_stream)
      self(user_data).on_request_complete(*stream);
    return 0;
  }

  static int on_data_chunk(nghttp2_session*, std::uint8_t, std::int32_t stream_id,
                           const std::uint8_t* data, std::size_t size, void* user_data) {
    if (Http2Stream* stream = self(user_data).find(stream_id))
      self(user_data).on_body_chunk(*stream, data, size);
    return 0;
  }

  static int on_frame_send(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
    bool ends_stream = (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0;
    if (!ends_stream) return 0;
    if (Http2Stream* stream = self(user_data).find(frame->hd.stream_id))
      self(user_data).on_answer_sent(*stream);
    return 0;
  }

  static int on_stream_close(nghttp2_session*, std::int32_t stream_id, std::uint32_t,
                             void* user_data) {
    self(user_data).on_stream_closed(stream_id);
    return 0;
  }

  static ssize_t read_body(nghttp2_session*, std::int32_t, std::uint8_t* buffer, std::size_t length,
                           std::uint32_t* flags, nghttp2_data_source* source, void*) {
    auto& stream = *static_cast<Http2Stream*>(source->ptr);
    std::string& body = stream.response.body;
    bool more_to_come = stream.streams_events() && !stream.events_ended;
    if (stream.response_sent == body.size()) {
      if (more_to_come) {
        // Written out: an event stream's body starts over, so it holds only unsent events.
        body.clear();
        stream.response_sent = 0;
        return NGHTTP2_ERR_DEFERRED;  // resumed by pull_events
      }
      *flags |= NGHTTP2_DATA_FLAG_EOF;
      return 0;
    }
    std::size_t n = std::min(length, body.size() - stream.response_sent);
    std::copy_n(body.data() + stream.response_sent, n, buffer);
    stream.response_sent += n;
    if (stream.response_sent == body.size() && !more_to_come) *flags |= NGHTTP2_DATA_FLAG_EOF;
    return static_cast<ssize_t>(n);
  }
};

Http2Session::Http2Session(Listener& listener, asio::ip::tcp::socket socket)
    : listener_(listener),
      socket_(std::move(socket)),
      wake_(socket_.get_executor()),
      deadline_(socket_.get_executor()) {}

Http2Session::~Http2Session() {
  if (session_) nghttp2_session_del(session_);
}

void Http2Session::start_nghttp2() {
  nghttp2_session_callbacks* callbacks = nullptr;
  nghttp2_session_callbacks_new(&callbacks);
  nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, Callbacks::on_begin_headers);
  nghttp2_session_callbacks_set_on_header_callback(callbacks, Callbacks::on_header);
  nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, Callbacks::on_frame_recv);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, Callbacks::on_data_chunk);
  nghttp2_session_callbacks_set_on_frame_send_callback(callbacks, Callbacks::on_frame_send);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, Callbacks::on_stream_close);
  nghttp2_session_server_new(&session_, callbacks, this);
  nghttp2_session_callbacks_del(callbacks);

  const nghttp2_settings_entry settings[] = {
      {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, kMaxConcurrentStreams},
      {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, static_cast<std::uint32_t>(kStreamWindow)},
      {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, request_limits::kMaxHeaderBytes},
  };
  nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, std::size(settings));
  nghttp2_session_set_local_window_size(session_, NGHTTP2_FLAG_NONE, 0, kConnectionWindow);
}

Awaitable<void> Http2Session::run(std::string received) {
  auto self = shared_from_this();
  start_nghttp2();
  if (listener_.stopping()) shut_down();
  if (receive(received.data(), received.size())) {
    arm_deadline();
    asio::co_spawn(socket_.get_executor(), read_loop(self), asio::detached);
    asio::co_spawn(socket_.get_executor(), watch_deadline(self), asio::detached);
  }
  for (;;) {
    bool written = co_await flush();
    if (!written || finished()) break;
    co_await wait_for_work();
  }
  close_socket();
  // Handlers still running refer to the listener's handler: the connection ends after them.
  while (handlers_running_ > 0) co_await wait_for_work();
}

void Http2Session::shut_down() {
  if (shutting_down_ || !session_) return;
  shutting_down_ = true;
  // Event streams would go on for minutes: end them, so the connection can close.
  for (auto& [id, stream] : streams_)
    if (stream->streams_events()) end_events(*stream);
  nghttp2_submit_goaway(session_, NGHTTP2_FLAG_NONE,
                        nghttp2_session_get_last_proc_stream_id(session_), NGHTTP2_NO_ERROR,
                        nullptr, 0);
  wake_writer();
}

bool Http2Session::receive(const char* data, std::size_t size) {
  auto consumed =
      nghttp2_session_mem_recv(session_, reinterpret_cast<const std::uint8_t*>(data), size);
  if (consumed >= 0) return true;
  // A protocol violation (nghttp2 has queued GOAWAY for most) or a flood: the connection ends
  // once what is queued is written.
  log::write(log::Level::debug, fmt::format("HTTP/2 connection failed: {}",
                                            nghttp2_strerror(static_cast<int>(consumed))));
  nghttp2_session_terminate_session(session_, NGHTTP2_PROTOCOL_ERROR);
  return false;
}

Awaitable<void> Http2Session::read_loop(std::shared_ptr<Http2Session> /*self*/) {
  std::vector<char> buffer(kReadChunk);
  while (!socket_closed_) {
    Error ec;
    std::size_t received = co_await socket_.async_read_some(asio::buffer(buffer), redirect_h2(ec));
    if (socket_closed_) break;
    if (ec) {
      peer_gone_ = true;
      wake_writer();
      break;
    }
    bool ok = receive(buffer.data(), received);
    arm_deadline();
    wake_writer();
    if (!ok) break;
  }
}

Awaitable<bool> Http2Session::flush() {
  for (;;) {
    outgoing_.clear();
    while (outgoing_.size() < kWriteChunk) {
      const std::uint8_t* data = nullptr;
      auto size = nghttp2_session_mem_send(session_, &data);
      if (size < 0) co_return false;
      if (size == 0) break;
      outgoing_.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
    }
    if (outgoing_.empty()) co_return true;
    Error ec;
    co_await asio::async_write(socket_, asio::buffer(outgoing_), redirect_h2(ec));
    if (ec) co_return false;
  }
}

bool Http2Session::finished() const {
  if (peer_gone_) return true;
  if (!nghttp2_session_want_read(session_) && !nghttp2_session_want_write(session_)) return true;
  return shutting_down_ && streams_.empty() && !nghttp2_session_want_write(session_);
}

Awaitable<void> Http2Session::wait_for_work() {
  wake_.expires_at(asio::steady_timer::time_point::max());
  Error ec;
  co_await wake_.async_wait(redirect_h2(ec));
}

void Http2Session::wake_writer() {
  wake_.cancel();
}

void Http2Session::close_socket() {
  socket_closed_ = true;
  for (auto& [id, stream] : streams_)
    if (stream->streams_events()) stream->response.streamed->events->close();
  deadline_.cancel();
  Error ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

void Http2Session::arm_deadline() {
  if (socket_closed_) return;
  const ServerConfig& config = listener_.config();
  bool arriving = std::any_of(streams_.begin(), streams_.end(), [](const auto& entry) {
    return entry.second->phase == Http2Stream::Phase::receiving && !entry.second->refused;
  });
  if (arriving)
    deadline_.expires_after(std::chrono::seconds(config.body_timeout_seconds));
  else if (streams_.empty())
    deadline_.expires_after(std::chrono::seconds(config.idle_timeout_seconds));
  else
    deadline_.expires_at(asio::steady_timer::time_point::max());
}

Awaitable<void> Http2Session::watch_deadline(std::shared_ptr<Http2Session> /*self*/) {
  while (!socket_closed_) {
    Error ec;
    co_await deadline_.async_wait(redirect_h2(ec));
    if (socket_closed_) break;
    if (deadline_.expiry() > asio::steady_timer::clock_type::now()) continue;  // re-armed
    // Idle or stalled: say goodbye and close, as the HTTP/1.1 session closes.
    nghttp2_session_terminate_session(session_, NGHTTP2_NO_ERROR);
    deadline_.expires_at(asio::steady_timer::time_point::max());
    wake_writer();
  }
}

Http2Stream* Http2Session::find(std::int32_t stream_id) const {
  auto it = streams_.find(stream_id);
  return it == streams_.end() ? nullptr : it->second.get();
}

void Http2Session::on_request_headers(Http2Stream& stream) {
  if (stream.header_bytes > request_limits::kMaxHeaderBytes)
    return refuse(stream, request_limits::header_too_large());
  if (stream.path.size() > request_limits::kMaxTargetBytes)
    return refuse(stream, request_limits::target_too_long());
  const ServerConfig& config = listener_.config();
  stream.body_limit = std::min(listener_.handler().body_limit(stream.view()), config.body_limit);
  if (auto declared = declared_length(stream); declared && *declared > stream.body_limit)
    return refuse(stream, request_limits::body_too_large(stream.body_limit));
  if (auto declared = declared_length(stream)) stream.body.reserve(*declared);
}

void Http2Session::on_body_chunk(Http2Stream& stream, const std::uint8_t* data, std::size_t size) {
  if (stream.refused || stream.phase != Http2Stream::Phase::receiving) return;
  if (stream.body.size() + size > stream.body_limit)
    return refuse(stream, request_limits::body_too_large(stream.body_limit));
  stream.body.append(reinterpret_cast<const char*>(data), size);
}

void Http2Session::on_request_complete(Http2Stream& stream) {
  if (stream.refused || stream.phase != Http2Stream::Phase::receiving) return;
  stream.phase = Http2Stream::Phase::handling;
  ++handlers_running_;
  asio::co_spawn(socket_.get_executor(), handle(shared_from_this(), streams_.at(stream.id)),
                 asio::detached);
}

Awaitable<void> Http2Session::handle(std::shared_ptr<Http2Session> /*self*/, StreamPtr stream) {
  protocol::HttpResponse out;
  try {
    protocol::HttpRequest request = stream->view();
    out = co_await listener_.handler().handle(request);
  } catch (const std::exception& e) {
    log::write(log::Level::error,
               fmt::format("{} {} failed: {}", stream->method, stream->path, e.what()));
    out = request_limits::internal_failure();
  }
  --handlers_running_;
  if (!stream->closed && !socket_closed_)
    respond(*stream, std::move(out));
  else if (out.streamed)
    out.streamed->events->close();  // nobody to stream to
  wake_writer();
}

void Http2Session::refuse(Http2Stream& stream, protocol::HttpResponse refusal) {
  stream.refused = true;
  stream.body.clear();
  respond(stream, std::move(refusal));
  arm_deadline();
}

void Http2Session::respond(Http2Stream& stream, protocol::HttpResponse response) {
  stream.phase = Http2Stream::Phase::answering;
  stream.response = std::move(response);
  protocol::HttpResponse& out = stream.response;
  if (stream.method == "HEAD") out.body.clear();

  std::string status = std::to_string(out.status);
  std::string length = std::to_string(out.body.size());
  std::vector<std::string> names;  // lowercase copies, alive until submitted
  names.reserve(out.headers.size());
  std::vector<nghttp2_nv> headers;
  headers.reserve(out.headers.size() + 4);
  headers.push_back(header_pair(":status", status));
  headers.push_back(header_pair("server", "eddy"));
  if (!out.content_type.empty()) headers.push_back(header_pair("content-type", out.content_type));
  // An event stream's length is not known until it ends.
  if (!out.streamed) headers.push_back(header_pair("content-length", length));
  if (!out.request_id.empty()) headers.push_back(header_pair("x-amzn-requestid", out.request_id));
  for (const auto& [name, value] : out.headers) {
    names.push_back(lowercase(name));
    if (is_connection_field(names.back()) || names.back() == "content-type") continue;
    headers.push_back(header_pair(names.back(), value));
  }
  nghttp2_data_provider body{};
  body.source.ptr = &stream;
  body.read_callback = Callbacks::read_body;
  bool has_body = !out.body.empty() || out.streamed;
  nghttp2_submit_response(session_, stream.id, headers.data(), headers.size(),
                          has_body ? &body : nullptr);
  if (out.streamed) {
    if (shutting_down_) return end_events(stream);
    std::weak_ptr<Http2Session> weak = weak_from_this();
    auto connection = socket_.get_executor();
    out.streamed->events->on_ready([weak, connection, id = stream.id] {
      asio::post(connection, [weak, id] {
        if (auto self = weak.lock()) self->pull_events(id);
      });
    });
  }
  wake_writer();
}

void Http2Session::pull_events(std::int32_t stream_id) {
  Http2Stream* stream = find(stream_id);
  if (!stream || stream->events_ended || socket_closed_) return;
  const protocol::EventStreamAnswer& answer = *stream->response.streamed;
  auto taken = answer.events->take();
  for (const auto& event : taken.events) stream->response.body += answer.frame_event(event);
  if (taken.failure) stream->response.body += answer.frame_failure(*taken.failure);
  if (taken.ended) stream->events_ended = true;
  nghttp2_session_resume_data(session_, stream_id);
  wake_writer();
}

void Http2Session::end_events(Http2Stream& stream) {
  stream.response.streamed->events->close();
  stream.events_ended = true;
  nghttp2_session_resume_data(session_, stream.id);
  wake_writer();
}

void Http2Session::on_answer_sent(Http2Stream& stream) {
  // Answered before the client finished sending (a refusal): ask it to stop, without error, as
  // RFC 9113 §8.1 allows, instead of reading a body nobody wants.
  if (stream.refused && !nghttp2_session_get_stream_remote_close(session_, stream.id))
    nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, stream.id, NGHTTP2_NO_ERROR);
}

void Http2Session::on_stream_closed(std::int32_t stream_id) {
  auto it = streams_.find(stream_id);
  if (it == streams_.end()) return;
  it->second->closed = true;
  if (it->second->streams_events()) it->second->response.streamed->events->close();
  streams_.erase(it);
  arm_deadline();
  wake_writer();
}

}  // namespace eddy
