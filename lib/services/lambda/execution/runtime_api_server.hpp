#pragma once
// The Lambda Runtime API (version 2018-06-01) as one function instance serves it on its own
// loopback port: /runtime/invocation/next, /runtime/invocation/{id}/response and /error, and
// /runtime/init/error. HTTP/1.1 over Boost.Beast; the server parses and routes, the instance
// (a RuntimeApiHandler) decides the answers.
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/asio.hpp"

namespace eddy::services::lambda {

struct RuntimeApiAnswer {
  unsigned status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // Content-Type is application/json
};

class RuntimeApiHandler {
 public:
  virtual ~RuntimeApiHandler() = default;
  // Long-waits, holding no thread, until an invocation is assigned.
  virtual Awaitable<RuntimeApiAnswer> next_invocation() = 0;
  virtual RuntimeApiAnswer invocation_response(std::string_view request_id, std::string body) = 0;
  virtual RuntimeApiAnswer invocation_error(std::string_view request_id,
                                            std::string_view error_type, std::string body) = 0;
  virtual RuntimeApiAnswer init_error(std::string_view error_type, std::string body) = 0;
  // A response or error body over kMaxPayloadBytes: the runtime is answered 413.
  virtual RuntimeApiAnswer payload_too_large(std::string_view request_id) = 0;
};

class RuntimeApiServer : public std::enable_shared_from_this<RuntimeApiServer> {
 public:
  // AWS's limit on a synchronous invocation's response (6 MB and 100 bytes, as the runtime
  // interface emulator counts it).
  static constexpr std::size_t kMaxPayloadBytes = 6 * 1024 * 1024 + 100;

  // Binds 127.0.0.1 on a free port at once; start() begins accepting. The handler is held
  // weakly: connections of a handler that went away are closed.
  RuntimeApiServer(asio::any_io_executor executor, std::weak_ptr<RuntimeApiHandler> handler);
  void start();
  std::uint16_t port() const { return port_; }
  // Stops accepting and closes every connection. Never blocks; safe from any thread, repeatedly.
  void close();

 private:
  using Socket = asio::ip::tcp::socket;
  Awaitable<void> accept_loop();
  Awaitable<void> serve(std::shared_ptr<Socket> socket);
  void forget(const std::shared_ptr<Socket>& socket);

  asio::any_io_executor io_executor_;  // connections get a strand of it each
  asio::any_io_executor executor_;     // the acceptor's strand
  asio::ip::tcp::acceptor acceptor_;
  std::weak_ptr<RuntimeApiHandler> handler_;
  std::uint16_t port_ = 0;
  std::mutex mutex_;
  bool closed_ = false;
  std::unordered_set<std::shared_ptr<Socket>> connections_;
};

}  // namespace eddy::services::lambda
