#include "eddy/server.hpp"

#include "http/emulator_endpoint.hpp"
#include "http/listener.hpp"

namespace eddy {

Server::Server(Emulator& emulator, ServerConfig config) {
  EmulatorCore& core = emulator.core();
  std::string host = config.host;
  auto endpoint = std::make_shared<EmulatorEndpoint>(core, config.log_requests);
  listener_ =
      std::make_shared<Listener>(core.io().get_executor(), std::move(config), std::move(endpoint));
  listener_->start();
  // Functions run on this machine: a wildcard address reaches us through loopback.
  if (host.empty() || host == "0.0.0.0" || host == "::") host = "127.0.0.1";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  core.served_address().set("http://" + host + ":" + std::to_string(listener_->port()));
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
