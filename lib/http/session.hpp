#pragma once
// One HTTP/1.1 connection: read a request, answer it, repeat while keep-alive holds.
#include <memory>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "core/asio.hpp"

namespace eddy {

class Listener;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Listener& listener, asio::ip::tcp::socket socket);
  Awaitable<void> run();
  asio::any_io_executor executor() { return stream_.get_executor(); }
  // Closes the connection if it is between requests; a busy one closes after its answer.
  void close_if_idle();

 private:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  using Response = boost::beast::http::response<boost::beast::http::string_body>;
  Awaitable<Response> handle(Request& request);
  Response error_response(unsigned version, int status, std::string_view code,
                          std::string_view message);

  Listener& listener_;
  boost::beast::tcp_stream stream_;
  bool busy_ = false;  // touched only on the session's strand
};

}  // namespace eddy
