#pragma once
// Serves an Emulator over HTTP/1.1 to real SDKs. Starts listening in the constructor.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "eddy/config.hpp"
#include "eddy/emulator.hpp"

namespace eddy {

class IoWorkers;
class Listener;

class Server {
 public:
  Server(Emulator& emulator, ServerConfig config = {});
  ~Server();  // stops, as stop() does
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::uint16_t port() const;
  // Runs the scripts of `directories` one after another in name order (files, then
  // subdirectories), each with AWS_ENDPOINT_URL set to this server, a region and dummy
  // credentials; their output goes to the log, their outcome to /_eddy/health and
  // /_localstack/init. `on_done` runs once the last has ended (on an emulator thread), or at once
  // when there are none. Throws std::runtime_error for a directory that cannot be read.
  void run_init_hooks(const std::vector<std::string>& directories, std::function<void()> on_done);
  // Stops accepting, lets in-flight requests finish (long polls return early), closes idle
  // connections. Safe to call more than once.
  void stop();

 private:
  Emulator& emulator_;
  std::unique_ptr<IoWorkers> workers_;  // the threads connections run on
  std::shared_ptr<Listener> listener_;
  std::string url_;  // how local processes reach it: http://127.0.0.1:PORT for a wildcard host
};

}  // namespace eddy
