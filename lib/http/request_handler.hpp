#pragma once
// What a Listener serves: the emulator's AWS endpoint, or another kind (the Lambda Runtime API on
// its own loopback port). The listener owns connections, limits and timeouts; the handler only
// answers requests.
#include <cstddef>

#include "core/asio.hpp"
#include "protocol/http_message.hpp"

namespace eddy {

class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  // The largest body this request may carry, decided from its head (body empty) before any
  // body byte is read. The listener answers 413 beyond it, or beyond ServerConfig::body_limit.
  virtual std::size_t body_limit(const protocol::HttpRequest& head) const = 0;
  // Answers one request. Runs on the connection's executor (one thread) and may suspend (long
  // polls); the request's views stay valid until it returns.
  virtual Awaitable<protocol::HttpResponse> handle(const protocol::HttpRequest& request) = 0;
};

}  // namespace eddy
