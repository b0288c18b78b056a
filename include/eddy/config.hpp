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
  // Enforce Kinesis's per-shard throughput limits (ProvisionedThroughputExceededException). Off
  // by default: tests and benchmarks write faster than a real shard takes.
  bool kinesis_throughput_limits = false;
  // Lambda's account concurrency limit per region (GetAccountSettings' ConcurrentExecutions):
  // invocations beyond it are throttled with TooManyRequestsException.
  std::int64_t lambda_concurrency_limit = 1000;
  // NODE_PATH of nodejs functions, where `require('@aws-sdk/...')` finds an SDK as it does in
  // AWS's node runtimes. Empty: the node_modules beside Eddy's runtimes directory, if any.
  std::string lambda_node_path = {};
  // Open the store and create the services' tables on one of the emulator's threads, begun once a
  // Server listens or at the first call: the constructor returns at once, a call waits until its
  // service (and those registered before it) is ready, and core().service<S>() and reset() until
  // all are. The in-memory eddy server sets it, to listen sooner; an embedding program's emulator
  // is otherwise ready when built.
  bool prepare_in_background = false;
};

struct ServerConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 4566;  // 0 picks a free port; Server::port() tells which
  // The ceiling on any request body: large enough for the biggest legal AWS request, a 50 MB
  // Lambda zip, base64, inside JSON. Each service sets its own, lower, limit
  // (ServiceDescription::max_request_bytes); the smaller of the two applies.
  std::size_t body_limit = 100 * 1024 * 1024;
  // How long a kept-alive connection may wait for the first byte of its next request. Idle
  // connections are cheap (no thread, no buffer), and SDK pools reuse them.
  unsigned idle_timeout_seconds = 120;
  // From a request's first byte to the end of its header. A header is a few KiB: on any link it
  // arrives in well under a second, so a client stalling mid-header loses the connection soon.
  unsigned header_timeout_seconds = 10;
  // How long a body may go without a byte arriving. Progress re-arms it, so a large upload on a
  // slow link completes while a stalled one costs its connection for seconds, not minutes.
  unsigned body_timeout_seconds = 20;
  bool log_requests = true;
  // Threads serving connections, each with its own connections; 0 for one per core.
  unsigned threads = 0;
};

}  // namespace eddy
