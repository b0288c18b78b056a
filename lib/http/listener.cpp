#include "http/listener.hpp"

#include <fmt/format.h>

#include "eddy/log.hpp"
#include "http/session.hpp"

namespace eddy {
namespace {

using Error = boost::system::error_code;

// Out of descriptors (or kernel buffers), accept fails at once while the connection waits in the
// backlog, so retrying at once spins a core. Pausing lets sessions close and free descriptors.
constexpr auto kAcceptBackoff = std::chrono::milliseconds(100);
constexpr auto kFailureReportInterval = std::chrono::seconds(1);

// Failures that concern one connection only (it was reset before we took it): accept the next.
bool concerns_one_connection(const Error& ec) {
  return ec == asio::error::connection_aborted || ec == asio::error::connection_reset;
}

}  // namespace

Listener::Listener(asio::any_io_executor executor, ServerConfig config,
                   std::shared_ptr<RequestHandler> handler,
                   std::vector<asio::any_io_executor> connection_executors)
    : executor_(std::move(executor)),
      connection_executors_(std::move(connection_executors)),
      config_(std::move(config)),
      handler_(std::move(handler)),
      acceptor_(executor_) {
  asio::ip::tcp::endpoint endpoint(asio::ip::make_address(config_.host), config_.port);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  port_ = acceptor_.local_endpoint().port();
  if (connection_executors_.empty()) connection_executors_.push_back(executor_);
}

void Listener::start() {
  {
    std::lock_guard lock(sessions_mutex_);
    accepting_ = true;
  }
  asio::co_spawn(acceptor_.get_executor(), accept_loop(), asio::detached);
}

Awaitable<void> Listener::accept_loop() {
  auto self = shared_from_this();
  struct Finished {
    Listener* listener;
    ~Finished() {
      std::lock_guard lock(listener->sessions_mutex_);
      listener->accepting_ = false;
      listener->sessions_done_.notify_all();
    }
  } finished{this};
  asio::steady_timer backoff(executor_);
  while (!stopping_) {
    Error ec;
    const auto& connection_executor = connection_executors_[next_connection_executor_];
    next_connection_executor_ = (next_connection_executor_ + 1) % connection_executors_.size();
    auto socket = co_await acceptor_.async_accept(connection_executor,
                                                  asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (stopping_ || ec == asio::error::operation_aborted) break;
      report_accept_failure(ec);
      if (concerns_one_connection(ec)) continue;
      backoff.expires_after(kAcceptBackoff);
      co_await backoff.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    socket.set_option(asio::ip::tcp::no_delay(true), ec);
    auto session = std::make_shared<Session>(*this, std::move(socket));
    add(session);
    asio::co_spawn(session->executor(), session->run(), asio::detached);
  }
}

void Listener::report_accept_failure(const Error& ec) {
  auto now = std::chrono::steady_clock::now();
  if (now - last_failure_report_ < kFailureReportInterval) {
    ++unreported_failures_;
    return;
  }
  std::string repeats = unreported_failures_ == 0
                            ? std::string()
                            : fmt::format(" ({} more since the last report)", unreported_failures_);
  log::write(log::Level::warn, fmt::format("accept failed: {}{}", ec.message(), repeats));
  last_failure_report_ = now;
  unreported_failures_ = 0;
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
  // Busy sessions finish their request and close; give them a bounded time. Idle ones are asked
  // again and again: a session that had just checked stopping() and was about to wait for its
  // next request when first asked would otherwise hold its keep-alive connection (and the
  // shutdown) until its idle timeout.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  auto done = [this] { return sessions_.empty() && !accepting_; };
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    for (const auto& session : sessions_) session->close_if_idle();
    sessions_done_.wait_for(lock, std::chrono::milliseconds(100), done);
  }
}

}  // namespace eddy
