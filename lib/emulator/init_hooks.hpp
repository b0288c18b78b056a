#pragma once
// Init hooks: the scripts of the configured directories, run one after another in name order once
// the server listens, with the AWS environment pointed at it, so a classroom or a CI job finds its
// roles, queues and tables in place. Their outcome is reported in /_eddy/health and, in
// LocalStack's shape, in /_localstack/init.
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/asio.hpp"
#include "eddy/json.hpp"

namespace eddy {

enum class InitScriptState { pending, running, succeeded, failed };

struct InitScript {
  std::string name;  // relative to its directory: what reports and log lines show
  std::filesystem::path path;
  std::vector<std::string> argv;  // how it is started: the file itself, or its interpreter
  InitScriptState state = InitScriptState::pending;
  std::optional<int> exit_code;  // set once it exited normally
  std::string ending;            // "exit status 0", "signal: killed", or why it could not start
};

// The scripts of `directory` in the order they run: its files by name, then its subdirectories
// by name, depth first (LocalStack's order). Executable files run themselves; a non-executable
// `.py` runs with python3 and `.sh` with bash, as LocalStack accepts them; hidden and other files
// are left alone. Throws std::runtime_error when `directory` is not a readable directory.
std::vector<InitScript> discover_init_scripts(const std::filesystem::path& directory);

// The environment a script runs with: the server's own, with the endpoint, a region and dummy
// credentials set, and no session token or profile that could send the AWS tools elsewhere.
std::vector<std::string> init_script_environment(const std::string& endpoint_url);

class InitHooks {
 public:
  // Lists the scripts of `directories` (in that order) and runs them on `executor`, one at a
  // time; `on_done` is called when the last has ended, at once when there are none. A second
  // run while the first has not finished throws std::logic_error.
  void run(asio::any_io_executor executor, const std::vector<std::string>& directories,
           const std::string& endpoint_url, std::function<void()> on_done);

  bool completed() const;
  // Appends the scripts' outcome for /_eddy/health, {"completed": ..., "scripts": [{name, path,
  // state, exit_code, ending}]}, as JSON text written when it changes rather than at every poll.
  void append_health_text(std::string& out) const;
  // LocalStack's /_localstack/init: every stage's completion and the READY scripts' states.
  json localstack_stages() const;
  // LocalStack's /_localstack/init/<stage>; nullopt for a stage LocalStack does not have.
  std::optional<json> localstack_stage(std::string_view stage) const;

 private:
  Awaitable<void> run_all(asio::any_io_executor strand, std::vector<std::string> environment,
                          std::function<void()> on_done);
  Awaitable<void> run_one(asio::any_io_executor strand, std::size_t index,
                          const std::vector<std::string>& environment);
  void record(std::size_t index, InitScriptState state, std::optional<int> exit_code,
              std::string ending);
  json localstack_scripts() const;  // under mutex_
  json health() const;              // under mutex_
  void rewrite_health_text();       // under mutex_, after every change health() shows

  mutable std::mutex mutex_;
  std::vector<InitScript> scripts_;
  bool started_ = false;
  bool completed_ = false;
  std::string health_text_ = health().dump();
};

}  // namespace eddy
