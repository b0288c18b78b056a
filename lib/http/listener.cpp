#include "http/listener.hpp"

#include <fmt/format.h>

#include "eddy/log.hpp"
#include "http/session.hpp"

namespace eddy {

Listener::Listener(EmulatorCore& core, ServerConfig config)
    : core_(core), config_(std::move(config)), acceptor_(core.io()) {
  asio::ip::tcp::endpoint endpoint(asio::ip::make_address(config_.host), config_.port);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  port_ = acceptor_.local_endpoint().port();
}

void Listener::start() {
  asio::co_spawn(acceptor_.get_executor(), accept_loop(), asio::detached);
}

Awaitable<void> Listener::accept_loop() {
  auto self = shared_from_this();
  while (!stopping_) {
    boost::system::error_code ec;
    auto socket = co_await acceptor_.async_accept(asio::make_strand(core_.io()),
                                                  asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (stopping_ || ec == asio::error::operation_aborted) break;
      log::write(log::Level::warn, "accept failed: " + ec.message());
      continue;
    }
    socket.set_option(asio::ip::tcp::no_delay(true), ec);
    auto session = std::make_shared<Session>(*this, std::move(socket));
    add(session);
    asio::co_spawn(session->executor(), session->run(), asio::detached);
  }
}

void Listener::add(const std::shared_ptr<Session>& session) {
  std::lock_guard lock(sessions_mutex_);
  sessions_.insert(session);
}

void Listener::remove(Session* session) {
  std::lock_guard lock(sessions_mutex_);
  for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
    if (it->get() == session) {
      sessions_.erase(it);
      break;
    }
  }
  if (sessions_.empty()) sessions_done_.notify_all();
}

void Listener::stop() {
  if (stopping_.exchange(true)) return;
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
  });
  std::unique_lock lock(sessions_mutex_);
  for (const auto& session : sessions_) session->close_if_idle();
  // Busy sessions finish their request and close; give them a bounded time.
  sessions_done_.wait_for(lock, std::chrono::seconds(30), [this] { return sessions_.empty(); });
}

}  // namespace eddy
