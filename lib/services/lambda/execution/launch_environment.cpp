#include "services/lambda/execution/launch_environment.hpp"

#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <map>

#include <fmt/format.h>

#include "core/ids.hpp"

namespace eddy::services::lambda {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> runtime_argv(const FunctionDeployment& deployment,
                                      const InstanceIdentity& instance,
                                      const LaunchSettings& settings) {
  const std::string& runtime = deployment.runtime;
  if (runtime.starts_with("python3"))
    return {"python3", (settings.runtimes_directory / "python" / "bootstrap.py").string()};
  if (runtime.starts_with("nodejs"))
    return {"node", (settings.runtimes_directory / "node" / "bootstrap.js").string()};
  if (runtime.starts_with("provided")) return {(instance.task_root / "bootstrap").string()};
  throw UnsupportedRuntime(fmt::format(
      "Eddy runs python3.x, nodejs*.x and provided* functions as local processes; {} is not one "
      "of them",
      runtime));
}

fs::path runtime_directory_of(const FunctionDeployment& deployment, const LaunchSettings& settings,
                              const InstanceIdentity& instance) {
  if (deployment.runtime.starts_with("python3")) return settings.runtimes_directory / "python";
  if (deployment.runtime.starts_with("nodejs")) return settings.runtimes_directory / "node";
  return instance.task_root;
}

}  // namespace

LaunchCommand launch_command(const FunctionDeployment& deployment, const InstanceIdentity& instance,
                             const LaunchSettings& settings) {
  LaunchCommand command;
  command.argv = runtime_argv(deployment, instance, settings);
  command.working_directory = instance.task_root;

  std::map<std::string, std::string> variables;
  // What the function may override: the local interpreters are found on the emulator's PATH,
  // and HOME lets them find what the user installed for themselves.
  for (const char* inherited : {"PATH", "HOME"})
    if (const char* value = std::getenv(inherited)) variables[inherited] = value;
  variables["LANG"] = "en_US.UTF-8";
  variables["AWS_ENDPOINT_URL"] = settings.endpoint_url;
  // Output reaches the log as it is written, not when a pipe buffer fills.
  variables["PYTHONUNBUFFERED"] = "1";
  if (deployment.runtime.starts_with("nodejs") && !settings.node_path.empty())
    variables["NODE_PATH"] = settings.node_path;
  for (const auto& [name, value] : deployment.environment) variables[name] = value;

  // Reserved: AWS sets these whatever the function's configuration says.
  const std::string& root = instance.task_root.string();
  variables["AWS_LAMBDA_RUNTIME_API"] = fmt::format("127.0.0.1:{}", instance.runtime_api_port);
  variables["AWS_LAMBDA_FUNCTION_NAME"] = deployment.function_name;
  variables["AWS_LAMBDA_FUNCTION_VERSION"] = deployment.version;
  variables["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = std::to_string(deployment.memory_size_mb);
  variables["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + deployment.function_name;
  variables["AWS_LAMBDA_LOG_STREAM_NAME"] = instance.log_stream_name;
  variables["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand";
  variables["AWS_REGION"] = deployment.region;
  variables["AWS_DEFAULT_REGION"] = deployment.region;
  variables["AWS_EXECUTION_ENV"] = "AWS_Lambda_" + deployment.runtime;
  variables["LAMBDA_TASK_ROOT"] = root;
  variables["LAMBDA_RUNTIME_DIR"] = runtime_directory_of(deployment, settings, instance).string();
  variables["_HANDLER"] = deployment.handler;
  variables["TZ"] = ":UTC";
  // The emulator takes a 12-digit access key for its account: the function's calls land in the
  // function's own account.
  variables["AWS_ACCESS_KEY_ID"] = deployment.account;
  variables["AWS_SECRET_ACCESS_KEY"] = "eddy-lambda-secret";
  variables["AWS_SESSION_TOKEN"] = "eddy-lambda-session";

  for (const auto& [name, value] : variables) command.environment.push_back(name + "=" + value);
  return command;
}

std::string new_log_stream_name(TimePoint now, const std::string& version) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  return fmt::format("{:04}/{:02}/{:02}/[{}]{:016x}{:016x}", utc.tm_year + 1900, utc.tm_mon + 1,
                     utc.tm_mday, version, ids::random_u64(), ids::random_u64());
}

std::string default_node_path(const fs::path& runtimes_directory) {
  std::error_code ec;
  fs::path beside = runtimes_directory / ".." / "node_modules";
  if (runtimes_directory.empty() || !fs::is_directory(beside, ec)) return {};
  return fs::weakly_canonical(beside, ec).string();
}

fs::path default_runtimes_directory() {
  std::error_code ec;
  fs::path binary = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  fs::path bin_directory = binary.parent_path();
  for (const fs::path& candidate :
       {bin_directory / "runtimes", bin_directory / ".." / "share" / "eddy" / "runtimes",
        bin_directory / ".." / ".." / "runtimes"}) {
    if (fs::exists(candidate / "python" / "bootstrap.py", ec)) return candidate.lexically_normal();
  }
  return {};
}

}  // namespace eddy::services::lambda
