#include "eddy/server.hpp"

#include "http/emulator_endpoint.hpp"
#include "http/listener.hpp"

namespace eddy {

Server::Server(Emulator& emulator, ServerConfig config) {
  EmulatorCore& core = emulator.core();
  auto endpoint = std::make_shared<EmulatorEndpoint>(core, config.log_requests);
  listener_ =
      std::make_shared<Listener>(core.io().get_executor(), std::move(config), std::move(endpoint));
  listener_->start();
}

Server::~Server() {
  stop();
}

std::uint16_t Server::port() const {
  return listener_->port();
}

void Server::stop() {
  listener_->stop();
}

}  // namespace eddy
