#pragma once
// What an Emulator and its Server are configured with: CLI flags and EDDY_* variables end here.
#include <cstdint>
#include <memory>
#include <string>

#include "eddy/clock.hpp"

namespace eddy {

struct EmulatorConfig {
  // Empty: an in-memory store. Otherwise a directory holding the SQLite file (eddy.db).
  std::string data_dir;
  // Null: the system clock.
  std::shared_ptr<Clock> clock;
  // Threads running requests and background work; 0 picks the number of cores (at least 2).
  unsigned threads = 0;
  // The account of requests whose access key is not 12 digits (and not one STS issued).
  std::string default_account = "000000000000";
};

struct ServerConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 4566;  // 0 picks a free port; Server::port() tells which
  // Large enough for the biggest legal AWS request: a 50 MB Lambda zip, base64, inside JSON.
  std::size_t body_limit = 100 * 1024 * 1024;
  unsigned idle_timeout_seconds = 120;
  bool log_requests = true;
};

}  // namespace eddy
