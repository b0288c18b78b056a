#pragma once
// Accepts connections on one address and runs one session coroutine per connection, serving
// whatever RequestHandler it was given. Tracks sessions so stop() can close idle ones and wait for
// busy ones to finish.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <unordered_set>
#include <vector>

#include "core/asio.hpp"
#include "eddy/config.hpp"
#include "http/request_handler.hpp"

namespace eddy {

class Session;

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds config.host:config.port at once (port 0 picks a free one); start() begins accepting
  // on `executor`. Each connection, with its session and the handler's coroutines, runs on the
  // next of `connection_executors` in turn, or on `executor` when none are given. Each of them
  // must be run by one thread only: a connection's handlers take no strand.
  Listener(asio::any_io_executor executor, ServerConfig config,
           std::shared_ptr<RequestHandler> handler,
           std::vector<asio::any_io_executor> connection_executors = {});
  void start();
  void stop();
  std::uint16_t port() const { return port_; }

  RequestHandler& handler() { return *handler_; }
  const ServerConfig& config() const { return config_; }
  bool stopping() const { return stopping_.load(); }
  void add(const std::shared_ptr<Session>& session);
  void remove(Session* session);

 private:
  Awaitable<void> accept_loop();
  void report_accept_failure(const boost::system::error_code& ec);

  asio::any_io_executor executor_;
  std::vector<asio::any_io_executor> connection_executors_;
  std::size_t next_connection_executor_ = 0;  // touched only by accept_loop
  ServerConfig config_;
  std::shared_ptr<RequestHandler> handler_;
  asio::ip::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  // Accept failures are logged at most once a second; touched only by accept_loop.
  std::chrono::steady_clock::time_point last_failure_report_{};
  std::size_t unreported_failures_ = 0;
  std::mutex sessions_mutex_;
  std::condition_variable sessions_done_;
  std::unordered_set<std::shared_ptr<Session>> sessions_;
  // The accept loop is running (under sessions_mutex_). stop() waits for it to end too: its last
  // accept, aborted by the acceptor's closing, still makes a socket on a connection executor,
  // which must outlive it.
  bool accepting_ = false;
};

}  // namespace eddy
