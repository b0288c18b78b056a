#pragma once
// How a function instance is started: its runtime's command (python3.x and nodejs* run Eddy's
// bootstraps on the local interpreters, provided* the package's own `bootstrap`) and the
// environment AWS gives a function.
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "eddy/clock.hpp"
#include "services/lambda/execution/child_process.hpp"
#include "services/lambda/execution/function_runner.hpp"

namespace eddy::services::lambda {

// A runtime Eddy cannot start locally (java, dotnet, ruby...).
class UnsupportedRuntime : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct LaunchSettings {
  // Holds python/bootstrap.py and node/bootstrap.js.
  std::filesystem::path runtimes_directory;
  // Where the function's SDK calls go (AWS_ENDPOINT_URL): the emulator itself.
  std::string endpoint_url;
  // NODE_PATH of nodejs functions (where `require('@aws-sdk/client-sqs')` finds the SDK, as AWS's
  // node runtimes bundle it); empty: none. The function's own NODE_PATH wins.
  std::string node_path = {};
};

struct InstanceIdentity {
  std::filesystem::path task_root;  // the unpacked package
  std::uint16_t runtime_api_port = 0;
  std::string log_stream_name;
};

// Throws UnsupportedRuntime.
LaunchCommand launch_command(const FunctionDeployment& deployment, const InstanceIdentity& instance,
                             const LaunchSettings& settings);

// "2026/11/30/[$LATEST]" and 32 hex digits, as AWS names a new instance's log stream.
std::string new_log_stream_name(TimePoint now, const std::string& version);

// runtimes/ beside the running binary (an installed eddy), or in the source tree a build
// directory's bin/ sits in (build/bin/eddy runs from a checkout); empty when neither exists.
std::filesystem::path default_runtimes_directory();

// node_modules beside the runtimes directory (a checkout's, which holds the AWS SDK for
// JavaScript v3), or empty when there is none.
std::string default_node_path(const std::filesystem::path& runtimes_directory);

}  // namespace eddy::services::lambda
