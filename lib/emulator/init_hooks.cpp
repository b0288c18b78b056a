#include "emulator/init_hooks.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <stdexcept>
#include <system_error>

#include "eddy/log.hpp"
#include "services/lambda/execution/child_process.hpp"

extern char** environ;

namespace eddy {
namespace fs = std::filesystem;
namespace {

// How a file is started, or nullopt when it is not a script.
std::optional<std::vector<std::string>> init_script_argv(const fs::path& path) {
  if (::access(path.c_str(), X_OK) == 0) return std::vector<std::string>{path.string()};
  if (path.extension() == ".py") return std::vector<std::string>{"python3", path.string()};
  if (path.extension() == ".sh") return std::vector<std::string>{"bash", path.string()};
  return std::nullopt;
}

void collect_init_scripts(const fs::path& root, const fs::path& directory,
                          std::vector<InitScript>& out) {
  std::vector<fs::directory_entry> files, subdirectories;
  for (const auto& entry : fs::directory_iterator(directory)) {
    if (entry.path().filename().string().starts_with(".")) continue;
    std::error_code ec;
    if (entry.is_directory(ec))
      subdirectories.push_back(entry);
    else if (entry.is_regular_file(ec))
      files.push_back(entry);
  }
  auto by_name = [](const auto& a, const auto& b) {
    return a.path().filename() < b.path().filename();
  };
  std::sort(files.begin(), files.end(), by_name);
  std::sort(subdirectories.begin(), subdirectories.end(), by_name);
  for (const auto& file : files) {
    auto argv = init_script_argv(file.path());
    if (!argv) {
      log::write(log::Level::debug,
                 fmt::format("init: {} is not executable, not run", file.path().string()));
      continue;
    }
    InitScript script;
    script.name = file.path().lexically_relative(root).string();
    script.path = file.path();
    script.argv = std::move(*argv);
    out.push_back(std::move(script));
  }
  for (const auto& subdirectory : subdirectories)
    collect_init_scripts(root, subdirectory.path(), out);
}

std::string_view eddy_state_name(InitScriptState state) {
  switch (state) {
    case InitScriptState::pending:
      return "pending";
    case InitScriptState::running:
      return "running";
    case InitScriptState::succeeded:
      return "succeeded";
    case InitScriptState::failed:
      return "failed";
  }
  return "pending";
}

// LocalStack's words for the same states.
std::string_view localstack_state_name(InitScriptState state) {
  switch (state) {
    case InitScriptState::pending:
      return "UNKNOWN";
    case InitScriptState::running:
      return "RUNNING";
    case InitScriptState::succeeded:
      return "SUCCESSFUL";
    case InitScriptState::failed:
      return "ERROR";
  }
  return "UNKNOWN";
}

// Holds the process until its output ends.
Awaitable<void> pump_init_script_output(std::shared_ptr<services::lambda::ChildProcess> process) {
  co_await process->pump_output();
}

bool is_overridden_variable(std::string_view entry) {
  for (std::string_view name :
       {"AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_PROFILE"})
    if (entry.size() > name.size() && entry.starts_with(name) && entry[name.size()] == '=')
      return true;
  return false;
}

}  // namespace

std::vector<InitScript> discover_init_scripts(const fs::path& given) {
  // Absolute: each script starts in its own directory, where a relative path means nothing.
  std::error_code ec;
  fs::path directory = fs::absolute(given, ec).lexically_normal();
  if (!fs::is_directory(directory, ec))
    throw std::runtime_error("init directory " + given.string() + " is not a directory");
  std::vector<InitScript> scripts;
  try {
    collect_init_scripts(directory, directory, scripts);
  } catch (const fs::filesystem_error& e) {
    throw std::runtime_error("cannot read init directory " + given.string() + ": " +
                             e.code().message());
  }
  return scripts;
}

std::vector<std::string> init_script_environment(const std::string& endpoint_url) {
  // The region the server's environment names, if any, so scripts and the user's clients agree.
  std::string region = "us-east-1";
  for (const char* name : {"AWS_DEFAULT_REGION", "AWS_REGION"})
    if (const char* value = std::getenv(name); value && *value) {
      region = value;
      break;
    }
  std::vector<std::string> environment;
  for (char** entry = environ; entry && *entry; ++entry)
    if (!is_overridden_variable(*entry)) environment.emplace_back(*entry);
  environment.push_back("AWS_ENDPOINT_URL=" + endpoint_url);
  environment.push_back("AWS_DEFAULT_REGION=" + region);
  environment.push_back("AWS_REGION=" + region);
  environment.push_back("AWS_ACCESS_KEY_ID=test");
  environment.push_back("AWS_SECRET_ACCESS_KEY=test");
  return environment;
}

void InitHooks::run(asio::any_io_executor executor, const std::vector<std::string>& directories,
                    const std::string& endpoint_url, std::function<void()> on_done) {
  std::vector<InitScript> scripts;
  for (const auto& directory : directories) {
    auto found = discover_init_scripts(directory);
    std::move(found.begin(), found.end(), std::back_inserter(scripts));
  }
  bool nothing_to_run = scripts.empty();
  {
    std::lock_guard lock(mutex_);
    if (started_ && !completed_) throw std::logic_error("init hooks are already running");
    started_ = true;
    completed_ = nothing_to_run;
    scripts_ = std::move(scripts);
    rewrite_health_text();
  }
  if (nothing_to_run) {
    if (on_done) on_done();
    return;
  }
  auto strand = asio::make_strand(executor);
  asio::co_spawn(strand, run_all(strand, init_script_environment(endpoint_url), std::move(on_done)),
                 asio::detached);
}

Awaitable<void> InitHooks::run_all(asio::any_io_executor strand,
                                   std::vector<std::string> environment,
                                   std::function<void()> on_done) {
  std::size_t count = 0, failed = 0;
  {
    std::lock_guard lock(mutex_);
    count = scripts_.size();
  }
  for (std::size_t i = 0; i < count; ++i) co_await run_one(strand, i, environment);
  {
    std::lock_guard lock(mutex_);
    completed_ = true;
    for (const auto& script : scripts_) failed += script.state == InitScriptState::failed;
    rewrite_health_text();
  }
  log::write(failed ? log::Level::warn : log::Level::info,
             fmt::format("init: {} script{} ran, {} failed", count, count == 1 ? "" : "s", failed));
  if (on_done) on_done();
}

Awaitable<void> InitHooks::run_one(asio::any_io_executor strand, std::size_t index,
                                   const std::vector<std::string>& environment) {
  services::lambda::LaunchCommand command;
  std::string name;
  {
    std::lock_guard lock(mutex_);
    InitScript& script = scripts_[index];
    script.state = InitScriptState::running;
    rewrite_health_text();
    name = script.name;
    command.argv = script.argv;
    command.working_directory = script.path.parent_path();
  }
  command.environment = environment;
  log::write(log::Level::info, fmt::format("init: running {}", name));
  std::shared_ptr<services::lambda::ChildProcess> process;
  try {
    process = std::make_shared<services::lambda::ChildProcess>(
        strand, command, [name](std::string_view line) {
          log::write(log::Level::info, fmt::format("init {}: {}", name, line));
        });
  } catch (const std::system_error& e) {
    record(index, InitScriptState::failed, std::nullopt, "could not start: " + e.code().message());
    co_return;
  }
  // Output is read apart from the exit: a daemon the script leaves behind may keep it open.
  asio::co_spawn(strand, pump_init_script_output(process), asio::detached);
  std::string ending = co_await process->wait_for_exit();
  process->drain_output();
  std::optional<int> exit_code = process->exit_code();
  record(index, exit_code == 0 ? InitScriptState::succeeded : InitScriptState::failed, exit_code,
         std::move(ending));
}

void InitHooks::record(std::size_t index, InitScriptState state, std::optional<int> exit_code,
                       std::string ending) {
  std::lock_guard lock(mutex_);
  InitScript& script = scripts_[index];
  script.state = state;
  script.exit_code = exit_code;
  script.ending = std::move(ending);
  rewrite_health_text();
  log::write(state == InitScriptState::succeeded ? log::Level::info : log::Level::warn,
             fmt::format("init: {} {} ({})", script.name, eddy_state_name(state), script.ending));
}

bool InitHooks::completed() const {
  std::lock_guard lock(mutex_);
  return completed_;
}

void InitHooks::append_health_text(std::string& out) const {
  std::lock_guard lock(mutex_);
  out += health_text_;
}

void InitHooks::rewrite_health_text() {
  health_text_ = health().dump();
}

json InitHooks::health() const {
  json scripts = json::array();
  for (const auto& script : scripts_) {
    scripts.push_back({{"name", script.name},
                       {"path", script.path.string()},
                       {"state", eddy_state_name(script.state)},
                       {"exit_code", script.exit_code ? json(*script.exit_code) : json(nullptr)},
                       {"ending", script.ending}});
  }
  return {{"completed", completed_}, {"scripts", std::move(scripts)}};
}

json InitHooks::localstack_scripts() const {
  json scripts = json::array();
  for (const auto& script : scripts_)
    scripts.push_back({{"stage", "READY"},
                       {"name", script.name},
                       {"state", localstack_state_name(script.state)}});
  return scripts;
}

json InitHooks::localstack_stages() const {
  std::lock_guard lock(mutex_);
  // Eddy has nothing to run before it serves or when it stops: only READY has scripts. BOOT and
  // START are over once it answers; SHUTDOWN has not happened while it does.
  return {
      {"completed", {{"BOOT", true}, {"START", true}, {"READY", completed_}, {"SHUTDOWN", false}}},
      {"scripts", localstack_scripts()}};
}

std::optional<json> InitHooks::localstack_stage(std::string_view stage) const {
  std::string upper(stage);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  std::lock_guard lock(mutex_);
  if (upper == "READY") return json{{"completed", completed_}, {"scripts", localstack_scripts()}};
  if (upper == "BOOT" || upper == "START")
    return json{{"completed", true}, {"scripts", json::array()}};
  if (upper == "SHUTDOWN") return json{{"completed", false}, {"scripts", json::array()}};
  return std::nullopt;
}

}  // namespace eddy
