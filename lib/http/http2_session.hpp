#pragma once
// One cleartext HTTP/2 connection (prior knowledge: the client opens with the HTTP/2 preface on
// the port that also serves HTTP/1.1). nghttp2 does the framing, HPACK and flow control; this
// class moves bytes between it and the socket and runs each stream as one request through the
// listener's RequestHandler, many at once: a stream is answered as soon as its handler is done,
// so a long poll holds up nothing but itself. The HTTP/1.1 limits apply per stream (header size,
// target length, the handler's body limit), and the connection closes when idle or stalled.
//
// Everything runs on the connection's executor, which one thread runs: the reader, the writer, the
// deadline and the handlers' coroutines, so nghttp2 (not thread-safe) is only ever entered from one
// of them.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/asio.hpp"
#include "http/http2_stream.hpp"

struct nghttp2_session;

namespace eddy {

class Listener;

class Http2Session : public std::enable_shared_from_this<Http2Session> {
 public:
  // What a client sends first on an HTTP/2 connection with prior knowledge.
  static constexpr std::string_view kClientPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

  Http2Session(Listener& listener, asio::ip::tcp::socket socket);
  ~Http2Session();
  Http2Session(const Http2Session&) = delete;
  Http2Session& operator=(const Http2Session&) = delete;

  // Serves the connection until it closes and every stream's handler has returned. `received`
  // holds the bytes already read from the socket, the preface first.
  Awaitable<void> run(std::string received);
  // Sends GOAWAY: streams already begun are answered, new ones refused, and the connection
  // closes once the last answer is out. Call on the connection's executor.
  void shut_down();

 private:
  struct Callbacks;  // nghttp2's C callbacks, which forward to the members below
  using StreamPtr = std::shared_ptr<Http2Stream>;

  void start_nghttp2();
  // Feeds received bytes to nghttp2; false when the connection cannot go on.
  bool receive(const char* data, std::size_t size);
  // Each background coroutine holds the session alive through its first parameter.
  Awaitable<void> read_loop(std::shared_ptr<Http2Session> self);
  // Writes out everything nghttp2 has to send; false when the socket failed.
  Awaitable<bool> flush();
  Awaitable<void> wait_for_work();
  void wake_writer();
  bool finished() const;
  void close_socket();

  // Idle without streams: the idle timeout. A request still arriving: the body timeout, re-armed
  // by each read. Otherwise (handlers running, answers going out) no deadline.
  void arm_deadline();
  Awaitable<void> watch_deadline(std::shared_ptr<Http2Session> self);

  Http2Stream* find(std::int32_t stream_id) const;
  void on_request_headers(Http2Stream& stream);
  void on_body_chunk(Http2Stream& stream, const std::uint8_t* data, std::size_t size);
  void on_request_complete(Http2Stream& stream);
  void on_stream_closed(std::int32_t stream_id);
  void on_answer_sent(Http2Stream& stream);
  Awaitable<void> handle(std::shared_ptr<Http2Session> self, StreamPtr stream);
  void refuse(Http2Stream& stream, protocol::HttpResponse refusal);
  void respond(Http2Stream& stream, protocol::HttpResponse response);
  // Frames the events queued for the stream's answer and lets nghttp2 send them.
  void pull_events(std::int32_t stream_id);
  void end_events(Http2Stream& stream);

  Listener& listener_;
  asio::ip::tcp::socket socket_;
  nghttp2_session* session_ = nullptr;
  std::map<std::int32_t, StreamPtr> streams_;
  std::size_t handlers_running_ = 0;
  asio::steady_timer wake_;      // the writer waits on it; cancelled when there is work
  asio::steady_timer deadline_;  // see arm_deadline
  bool socket_closed_ = false;
  bool peer_gone_ = false;      // the read side ended: EOF, reset, or a socket error
  bool shutting_down_ = false;  // GOAWAY sent for stop()
  std::string outgoing_;        // one write's worth of frames
};

}  // namespace eddy
