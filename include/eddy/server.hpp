#pragma once
// Serves an Emulator over HTTP/1.1 to real SDKs. Starts listening in the constructor.
#include <cstdint>
#include <memory>

#include "eddy/config.hpp"
#include "eddy/emulator.hpp"

namespace eddy {

class Listener;

class Server {
 public:
  Server(Emulator& emulator, ServerConfig config = {});
  ~Server();  // stops, as stop() does
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::uint16_t port() const;
  // Stops accepting, lets in-flight requests finish (long polls return early), closes idle
  // connections. Safe to call more than once.
  void stop();

 private:
  std::shared_ptr<Listener> listener_;
};

}  // namespace eddy
