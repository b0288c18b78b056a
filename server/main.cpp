// eddy: serve the emulator on HTTP. Flags win over EDDY_* environment variables, which win over
// defaults. Once listening it runs the init hooks, then prints "Ready." (the line LocalStack
// prints, which test containers and CI scripts wait for). SIGINT/SIGTERM stop accepting, finish
// in-flight requests and close the store.
#include <fmt/format.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <vector>

#include "eddy/emulator.hpp"
#include "eddy/log.hpp"
#include "eddy/server.hpp"
#include "eddy/version.hpp"

namespace po = boost::program_options;

// jemalloc's options, read at its first allocation (MALLOC_CONF in the environment still wins).
// One arena rather than four per core: each io thread had its own, with its own partly filled
// slabs and metadata (260 KB of the idle RSS); the per-thread caches still serve hot paths.
extern "C" {
const char* malloc_conf = "narenas:1";
}

namespace {
std::string env_or(const char* name, std::string fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::string(value) : fallback;
}

// EDDY_INIT_DIR lists directories as PATH does, separated by colons.
std::vector<std::string> init_dirs_from_env() {
  std::vector<std::string> dirs;
  std::string listed = env_or("EDDY_INIT_DIR", "");
  std::size_t start = 0;
  while (start <= listed.size()) {
    std::size_t end = listed.find(':', start);
    if (end == std::string::npos) end = listed.size();
    if (end > start) dirs.push_back(listed.substr(start, end - start));
    start = end + 1;
  }
  return dirs;
}

// Blocks SIGINT and SIGTERM in every thread (threads inherit the mask) so main can sigwait.
sigset_t block_stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

// Every connection costs a descriptor, and the usual soft limit (1,024) is far below the hard
// one: take all the hard limit allows, as servers do, so clients run out of patience first.
void raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  rlim_t wanted = limit.rlim_max;
  limit.rlim_cur = wanted;
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0)
    eddy::log::write(eddy::log::Level::warn,
                     fmt::format("could not raise the open-file limit to {}", wanted));
}
}  // namespace

int main(int argc, char** argv) {
  std::string host, data_dir, log_level, default_account, lambda_node_path;
  int port = 0;
  unsigned threads = 0;
  bool kinesis_throughput_limits = false;
  std::int64_t lambda_concurrency_limit = 1000;
  std::vector<std::string> init_dirs;
  po::options_description options("Usage: eddy [options]\n\nOptions");
  options.add_options()("help,h", "show this help and exit")("version",
                                                             "show the version and exit")(
      "host", po::value(&host)->default_value(env_or("EDDY_HOST", "127.0.0.1")),
      "address to listen on (env EDDY_HOST); binding beyond loopback is your explicit choice")(
      "port", po::value(&port)->default_value(std::stoi(env_or("EDDY_PORT", "4566"))),
      "port to listen on, 0 for any free port (env EDDY_PORT)")(
      "data-dir", po::value(&data_dir)->default_value(env_or("EDDY_DATA_DIR", "")),
      "keep state in DIR/eddy.db across restarts; default in memory (env EDDY_DATA_DIR)")(
      "log-level", po::value(&log_level)->default_value(env_or("EDDY_LOG_LEVEL", "info")),
      "debug|info|warn|error|off (env EDDY_LOG_LEVEL)")(
      "threads", po::value(&threads)->default_value(std::stoul(env_or("EDDY_THREADS", "0"))),
      "threads serving requests, 0 for one per core (env EDDY_THREADS)")(
      "default-account",
      po::value(&default_account)->default_value(env_or("EDDY_DEFAULT_ACCOUNT", "000000000000")),
      "account of access keys that are not 12 digits (env EDDY_DEFAULT_ACCOUNT)")(
      "kinesis-throughput-limits",
      po::bool_switch(&kinesis_throughput_limits)
          ->default_value(env_or("EDDY_KINESIS_THROUGHPUT_LIMITS", "") == "1" ||
                          env_or("EDDY_KINESIS_THROUGHPUT_LIMITS", "") == "true"),
      "enforce Kinesis per-shard throughput limits (env EDDY_KINESIS_THROUGHPUT_LIMITS=1)")(
      "lambda-concurrency-limit",
      po::value(&lambda_concurrency_limit)
          ->default_value(std::stoll(env_or("EDDY_LAMBDA_CONCURRENCY_LIMIT", "1000"))),
      "Lambda's account concurrency limit per region (env EDDY_LAMBDA_CONCURRENCY_LIMIT)")(
      "init-dir", po::value(&init_dirs)->composing(),
      "run the scripts in DIR once listening; repeatable (env EDDY_INIT_DIR, colon-separated)")(
      "lambda-node-path",
      po::value(&lambda_node_path)->default_value(env_or("EDDY_LAMBDA_NODE_PATH", "")),
      "NODE_PATH of nodejs functions, where require() finds the AWS SDK; default the "
      "node_modules beside the runtimes directory (env EDDY_LAMBDA_NODE_PATH)");

  eddy::ServerConfig timeouts;
  options.add_options()(
      "idle-timeout",
      po::value(&timeouts.idle_timeout_seconds)->default_value(timeouts.idle_timeout_seconds),
      "seconds a kept-alive connection may wait for its next request")(
      "header-timeout",
      po::value(&timeouts.header_timeout_seconds)->default_value(timeouts.header_timeout_seconds),
      "seconds from a request's first byte to the end of its header")(
      "body-timeout",
      po::value(&timeouts.body_timeout_seconds)->default_value(timeouts.body_timeout_seconds),
      "seconds a request body may go without a byte arriving");

  po::variables_map vars;
  try {
    po::store(po::parse_command_line(argc, argv, options), vars);
    po::notify(vars);
  } catch (const std::exception& e) {
    std::cerr << "eddy: " << e.what() << "\n" << options << "\n";
    return 2;
  }
  if (vars.count("help")) {
    std::cout << "eddy " << eddy::version()
              << ": a local emulator of SQS, SNS, Lambda, DynamoDB and Kinesis\n\n"
              << options << "\n";
    return 0;
  }
  if (vars.count("version")) {
    std::cout << "eddy " << eddy::version() << "\n";
    return 0;
  }
  eddy::log::Level level;
  if (!eddy::log::parse_level(log_level, level)) {
    std::cerr << "eddy: unknown log level '" << log_level << "'\n";
    return 2;
  }
  if (default_account.size() != 12 ||
      default_account.find_first_not_of("0123456789") != std::string::npos) {
    std::cerr << "eddy: --default-account must be 12 digits\n";
    return 2;
  }
  if (lambda_concurrency_limit < 1) {
    std::cerr << "eddy: --lambda-concurrency-limit must be at least 1\n";
    return 2;
  }
  if (port < 0 || port > 65535) {
    std::cerr << "eddy: port must be between 0 and 65535\n";
    return 2;
  }
  if (timeouts.idle_timeout_seconds == 0 || timeouts.header_timeout_seconds == 0 ||
      timeouts.body_timeout_seconds == 0) {
    std::cerr << "eddy: timeouts must be at least 1 second\n";
    return 2;
  }
  if (!vars.count("init-dir")) init_dirs = init_dirs_from_env();
  for (const auto& dir : init_dirs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
      std::cerr << "eddy: init directory '" << dir << "' is not a directory\n";
      return 2;
    }
  }
  eddy::log::set_level(level);
  raise_open_file_limit();
  // SQLite's memory statistics take a global mutex around every allocation it makes; nothing
  // here reads them. Before the first connection, as sqlite3_config requires.
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);

  sigset_t stop_signals = block_stop_signals();
  try {
    eddy::EmulatorConfig emulator_config;
    emulator_config.data_dir = data_dir;
    emulator_config.threads = threads;
    emulator_config.default_account = default_account;
    emulator_config.kinesis_throughput_limits = kinesis_throughput_limits;
    emulator_config.lambda_concurrency_limit = lambda_concurrency_limit;
    emulator_config.lambda_node_path = lambda_node_path;
    // In memory the tables are made while the server starts listening, and a request waits only
    // for its own service's; a data directory's are opened first, so a store that cannot be used
    // ends start-up here with its error.
    emulator_config.prepare_in_background = data_dir.empty();
    eddy::Emulator emulator(emulator_config);
    eddy::ServerConfig server_config = timeouts;
    server_config.host = host;
    server_config.port = static_cast<std::uint16_t>(port);
    server_config.threads = threads;
    eddy::Server server(emulator, server_config);
    std::printf("eddy %s listening on http://%s:%u (%s)\n", std::string(eddy::version()).c_str(),
                host.c_str(), server.port(),
                data_dir.empty() ? "in-memory" : ("data in " + data_dir).c_str());
    std::fflush(stdout);
    server.run_init_hooks(init_dirs, [] {
      std::printf("Ready.\n");
      std::fflush(stdout);
    });

    int received = 0;
    sigwait(&stop_signals, &received);
    eddy::log::write(eddy::log::Level::info,
                     fmt::format("signal {}: stopping", received == SIGINT ? "SIGINT" : "SIGTERM"));
    emulator.shutdown();
    server.stop();
  } catch (const std::exception& e) {
    std::cerr << "eddy: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
