#include "eddy/server.hpp"

#include "http/emulator_endpoint.hpp"
#include "http/io_workers.hpp"
#include "http/listener.hpp"

namespace eddy {

Server::Server(Emulator& emulator, ServerConfig config)
    : emulator_(emulator), workers_(std::make_unique<IoWorkers>(config.threads)) {
  EmulatorCore& core = emulator.core();
  std::string host = config.host;
  auto endpoint = std::make_shared<EmulatorEndpoint>(core, config.log_requests);
  // The acceptor stays on the emulator's executor, which outlives the workers: they can then be
  // shut down (and what they still hold destroyed) while the listener still exists.
  listener_ = std::make_shared<Listener>(core.io().get_executor(), std::move(config),
                                         std::move(endpoint), workers_->executors());
  listener_->start();
  // Only now, so that the preparing thread does not compete with the listener's own start-up.
  core.begin_preparing();
  // Functions run on this machine: a wildcard address reaches us through loopback.
  if (host.empty() || host == "0.0.0.0" || host == "::") host = "127.0.0.1";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  url_ = "http://" + host + ":" + std::to_string(listener_->port());
  core.served_address().set(url_);
}

Server::~Server() {
  stop();
  workers_->shut_down();
}

std::uint16_t Server::port() const {
  return listener_->port();
}

void Server::run_init_hooks(const std::vector<std::string>& directories,
                            std::function<void()> on_done) {
  EmulatorCore& core = emulator_.core();
  core.init_hooks().run(core.io().get_executor(), directories, url_, std::move(on_done));
}

void Server::stop() {
  listener_->stop();
}

}  // namespace eddy
