#pragma once
// Accepts connections and runs one session coroutine per connection, each on its own strand.
// Tracks sessions so stop() can close idle ones and wait for busy ones to finish.
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <unordered_set>

#include "core/asio.hpp"
#include "eddy/config.hpp"
#include "emulator/emulator_core.hpp"

namespace eddy {

class Session;

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(EmulatorCore& core, ServerConfig config);
  void start();
  void stop();
  std::uint16_t port() const { return port_; }

  EmulatorCore& core() { return core_; }
  const ServerConfig& config() const { return config_; }
  bool stopping() const { return stopping_.load(); }
  void add(const std::shared_ptr<Session>& session);
  void remove(Session* session);

 private:
  Awaitable<void> accept_loop();

  EmulatorCore& core_;
  ServerConfig config_;
  asio::ip::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::mutex sessions_mutex_;
  std::condition_variable sessions_done_;
  std::unordered_set<std::shared_ptr<Session>> sessions_;
};

}  // namespace eddy
