#pragma once
// A runtime process: forked into its own process group and killed by the kernel when the emulator
// dies, its stdout and stderr read from one pipe line by line, its exit noticed through a pidfd,
// all without a thread.
#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/asio.hpp"

namespace eddy::services::lambda {

struct LaunchCommand {
  std::vector<std::string> argv;         // argv[0] is a path, or a name looked up in PATH
  std::vector<std::string> environment;  // "NAME=value", the whole environment
  std::filesystem::path working_directory;
};

class ChildProcess {
 public:
  using LineSink = std::function<void(std::string_view line)>;

  // Starts the process; `on_line` is called on `strand` for every line it writes. Throws
  // std::system_error when it cannot be started (no such file, not executable).
  ChildProcess(asio::any_io_executor strand, const LaunchCommand& command, LineSink on_line);
  ~ChildProcess();  // kills and reaps a process still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Delivers every line until the process and its children close their output. On the strand.
  Awaitable<void> pump_output();
  // Delivers what is already written but not yet read: called on the strand once a runtime has
  // answered, so the output written before its answer belongs to that invocation.
  void drain_output();
  // Waits for the exit and reaps the process: "exit status 1", "signal: killed", as AWS words it.
  Awaitable<std::string> wait_for_exit();
  // The exit status once wait_for_exit() returned; nullopt before, or when a signal ended it.
  std::optional<int> exit_code() const;
  // SIGKILL to the whole process group (a shell bootstrap's curl too). Safe after the exit.
  void kill();

 private:
  bool read_available();  // false at end of output
  void deliver_lines(bool flush_partial);
  std::string reap(int wait_status);

  asio::any_io_executor strand_;
  pid_t pid_ = -1;
  mutable std::mutex
      reap_mutex_;  // kill() may come from any thread; never signal a reaped (reused) pid
  bool reaped_ = false;
  int wait_status_ = 0;  // what waitpid() reported once reaped_
  asio::posix::stream_descriptor output_;
  asio::posix::stream_descriptor exit_descriptor_;  // a pidfd: readable once the process exited
  LineSink on_line_;
  std::string pending_;  // output read but not yet ended by a newline
};

}  // namespace eddy::services::lambda
