#pragma once
// eddy's settings from its command line and EDDY_* environment variables: a flag wins over its
// variable, which wins over the default. Parsed with glibc's getopt_long rather than a C++ options
// library, whose iostreams and locale set-up cost about a millisecond of every start.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "eddy/config.hpp"
#include "eddy/log.hpp"

namespace eddy::command_line {

struct Settings {
  std::string host = "127.0.0.1";
  std::uint16_t port = 4566;
  std::string data_dir;  // empty: in memory
  log::Level log_level = log::Level::info;
  unsigned threads = 0;  // 0: one per core
  std::string default_account = "000000000000";
  bool kinesis_throughput_limits = false;
  std::int64_t lambda_concurrency_limit = 1000;
  std::vector<std::string> init_dirs;
  std::string lambda_node_path;
  ServerConfig timeouts;  // only its three timeouts are set here
};

enum class Request { serve, show_help, show_version };

struct Parsed {
  Request request = Request::serve;
  Settings settings;
};

// A flag or variable eddy cannot use; what() says which and why.
struct Invalid : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Reads argv and the environment; throws Invalid. Not reentrant: getopt_long keeps global state.
Parsed parse(int argc, char** argv);

// The --help text: every option, its variable and its meaning.
std::string usage();

}  // namespace eddy::command_line
