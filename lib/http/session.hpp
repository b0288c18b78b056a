#pragma once
// One HTTP/1.1 connection: read a request, answer it, repeat while keep-alive holds. Owns the
// limits (header and target size, the handler's body limit) and the timeouts (idle, header,
// body) so a misbehaving client costs one connection for seconds and a bounded amount of memory.
#include <memory>
#include <string>
#include <string_view>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "core/asio.hpp"
#include "protocol/http_message.hpp"

namespace eddy {

class Http2Session;
class Listener;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Listener& listener, asio::ip::tcp::socket socket);
  Awaitable<void> run();
  asio::any_io_executor executor() { return stream_.get_executor(); }
  // Closes the connection if it is between requests; a busy one closes after its answer.
  void close_if_idle();

 private:
  using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;
  using Error = boost::system::error_code;

  // Waits up to the idle timeout for the next request's first byte; false when none came.
  Awaitable<bool> await_request();
  // Whether the connection starts with HTTP/2's client preface (read as far as needed to know).
  Awaitable<bool> opens_with_http2_preface();
  // Hands the connection to an Http2Session for the rest of its life.
  Awaitable<void> serve_http2();
  // Reads, checks and answers one request; false when the connection must close.
  Awaitable<bool> serve_request();
  Awaitable<Error> read_header(Parser& parser);
  Awaitable<Error> read_body(Parser& parser);
  Awaitable<bool> answer(Parser& parser);
  // Answers with an error and closes: the rest of the request is never read.
  Awaitable<void> refuse(unsigned version, protocol::HttpResponse refusal);
  Awaitable<void> drain_before_close();

  Listener& listener_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  bool busy_ = false;                    // touched only on the session's strand
  std::shared_ptr<Http2Session> http2_;  // set once the connection turned out to be HTTP/2
};

}  // namespace eddy
