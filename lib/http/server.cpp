#include "eddy/server.hpp"

#include "http/listener.hpp"

namespace eddy {

Server::Server(Emulator& emulator, ServerConfig config)
    : listener_(std::make_shared<Listener>(emulator.core(), std::move(config))) {
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
