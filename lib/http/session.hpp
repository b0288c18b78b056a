#pragma once
// One HTTP/1.1 connection: read a request, answer it, repeat while keep-alive holds. Owns the
// limits (header and target size, the handler's body limit) and the timeouts (idle, header,
// body) so a misbehaving client costs one connection for seconds and a bounded amount of memory.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include <boost/beast/core/flat_buffer.hpp>

#include "core/asio.hpp"
#include "http/request_parser.hpp"
#include "protocol/http_message.hpp"

namespace eddy {

class Http2Session;
class Listener;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Listener& listener, asio::ip::tcp::socket socket);
  Awaitable<void> run();
  asio::any_io_executor executor() { return socket_.get_executor(); }
  // Closes the connection if it is between requests; a busy one closes after its answer.
  void close_if_idle();

 private:
  using Error = boost::system::error_code;
  using Clock = std::chrono::steady_clock;

  // Whether the connection starts with HTTP/2's client preface (read as far as needed to know).
  Awaitable<bool> opens_with_http2_preface();
  // Hands the connection to an Http2Session for the rest of its life.
  Awaitable<void> serve_http2();
  // Whether a request take_plain took is within the target and body limits (and the connection
  // then busy): read_request refuses it otherwise.
  bool within_limits(RequestParser& parser);
  // Reads the rest of the request (all of it unless `taken`) and checks it against the limits,
  // answering any it breaks; false when the connection must close.
  Awaitable<bool> read_request(RequestParser& parser, bool taken);
  // Takes the request at the start of buffer_ when it came whole and plain (RequestParser::
  // take_plain), consuming its bytes; false when it is left to read_header.
  bool take_plain(RequestParser& parser);
  Awaitable<Error> read_header(RequestParser& parser);
  Awaitable<Error> read_body(RequestParser& parser);
  // Writes the answer into wire_ and sends what the socket takes at once, without waiting: the
  // bytes sent (ec set on failure).
  std::size_t send_now(protocol::HttpResponse&& out, RequestParser& parser, bool keep_alive,
                       Error& ec);
  // Answers with an error and closes: the rest of the request is never read.
  Awaitable<void> refuse(unsigned version, protocol::HttpResponse refusal);
  Awaitable<void> drain_before_close();
  // Reads what comes next into buffer_ before the deadline; an error once it has passed.
  Awaitable<Error> read_more();

  // The deadline is a time the socket's reads and writes are cancelled at, checked by one timer
  // that is re-armed only when it fires early (the deadline moved later) or the deadline moves
  // earlier than it: moving it later, as every request on a kept-alive connection does, costs a
  // clock read, not a timer operation.
  void expire_after(std::chrono::seconds timeout);
  void expire_never() { deadline_ = Clock::time_point::max(); }
  void arm_deadline_timer();
  void on_deadline_timer(const Error& ec);

  Listener& listener_;
  asio::ip::tcp::socket socket_;
  asio::steady_timer deadline_timer_;
  Clock::time_point deadline_ = Clock::time_point::max();
  bool deadline_timer_waiting_ = false;
  bool timed_out_ = false;  // the deadline passed: no more reads or writes
  boost::beast::flat_buffer buffer_;
  RequestStorage storage_;               // the current request's text, reused for the next
  std::string wire_;                     // the current answer's bytes, reused for the next
  bool busy_ = false;                    // touched only on the connection's executor
  std::shared_ptr<Http2Session> http2_;  // set once the connection turned out to be HTTP/2
};

}  // namespace eddy
