// eddy: serve the emulator on HTTP, with the settings command_line.hpp reads. Once listening it
// runs the init hooks, then prints "Ready." (the line LocalStack prints, which test containers and
// CI scripts wait for). SIGINT/SIGTERM stop accepting, finish in-flight requests and close the
// store.
#include <fmt/format.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>

#include <cstdio>

#include "command_line.hpp"
#include "eddy/emulator.hpp"
#include "eddy/log.hpp"
#include "eddy/server.hpp"
#include "eddy/version.hpp"

// jemalloc's options, read at its first allocation (MALLOC_CONF in the environment still wins).
// One arena rather than four per core: each io thread had its own, with its own partly filled
// slabs and metadata (260 KB of the idle RSS); the per-thread caches still serve hot paths.
extern "C" {
const char* malloc_conf = "narenas:1";
}

namespace {
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
  namespace command_line = eddy::command_line;
  command_line::Parsed parsed;
  try {
    parsed = command_line::parse(argc, argv);
  } catch (const command_line::Invalid& e) {
    fmt::print(stderr, "eddy: {}\nTry 'eddy --help' for the options.\n", e.what());
    return 2;
  }
  if (parsed.request == command_line::Request::show_help) {
    fmt::print("eddy {}: a local emulator of SQS, SNS, Lambda, DynamoDB and Kinesis\n\n{}",
               eddy::version(), command_line::usage());
    return 0;
  }
  if (parsed.request == command_line::Request::show_version) {
    fmt::print("eddy {}\n", eddy::version());
    return 0;
  }
  const command_line::Settings& settings = parsed.settings;
  eddy::log::set_level(settings.log_level);
  raise_open_file_limit();
  // SQLite's memory statistics take a global mutex around every allocation it makes; nothing
  // here reads them. Before the first connection, as sqlite3_config requires.
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);

  sigset_t stop_signals = block_stop_signals();
  try {
    eddy::EmulatorConfig emulator_config;
    emulator_config.data_dir = settings.data_dir;
    emulator_config.threads = settings.threads;
    emulator_config.default_account = settings.default_account;
    emulator_config.kinesis_throughput_limits = settings.kinesis_throughput_limits;
    emulator_config.lambda_concurrency_limit = settings.lambda_concurrency_limit;
    emulator_config.lambda_node_path = settings.lambda_node_path;
    // In memory the tables are made while the server starts listening, and a request waits only
    // for its own service's; a data directory's are opened first, so a store that cannot be used
    // ends start-up here with its error.
    emulator_config.prepare_in_background = settings.data_dir.empty();
    eddy::Emulator emulator(emulator_config);
    eddy::ServerConfig server_config = settings.timeouts;
    server_config.host = settings.host;
    server_config.port = settings.port;
    server_config.threads = settings.threads;
    eddy::Server server(emulator, server_config);
    fmt::print("eddy {} listening on http://{}:{} ({})\n", eddy::version(), settings.host,
               server.port(),
               settings.data_dir.empty() ? "in-memory" : "data in " + settings.data_dir);
    std::fflush(stdout);
    server.run_init_hooks(settings.init_dirs, [] {
      std::fputs("Ready.\n", stdout);
      std::fflush(stdout);
    });

    int received = 0;
    sigwait(&stop_signals, &received);
    eddy::log::write(eddy::log::Level::info,
                     fmt::format("signal {}: stopping", received == SIGINT ? "SIGINT" : "SIGTERM"));
    emulator.shutdown();
    server.stop();
  } catch (const std::exception& e) {
    fmt::print(stderr, "eddy: {}\n", e.what());
    return 1;
  }
  return 0;
}
