#include "services/lambda/execution/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace eddy::services::lambda {
namespace {

// A line longer than this is delivered in pieces: a runaway writer costs bounded memory.
constexpr std::size_t kMaxOutputLineBytes = 256 * 1024;

class SpawnSetup {
 public:
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
  }
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
};

std::vector<char*> spawn_c_strings(const std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  pointers.reserve(strings.size() + 1);
  for (const auto& s : strings) pointers.push_back(const_cast<char*>(s.c_str()));
  pointers.push_back(nullptr);
  return pointers;
}

// Go's wording, which AWS's Runtime.ExitError messages carry: "exit status 1", "signal: killed".
std::string describe_wait_status(int status) {
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    std::string name = ::strsignal(WTERMSIG(status));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return "signal: " + name;
  }
  return "exit status " + std::to_string(status);
}

}  // namespace

ChildProcess::ChildProcess(asio::any_io_executor strand, const LaunchCommand& command,
                           LineSink on_line)
    : strand_(strand), output_(strand), exit_descriptor_(strand), on_line_(std::move(on_line)) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category());
  SpawnSetup setup;
  posix_spawn_file_actions_addopen(&setup.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&setup.actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&setup.actions, pipe_fds[1], STDERR_FILENO);
  posix_spawn_file_actions_addchdir_np(&setup.actions, command.working_directory.c_str());
  // The emulator's sockets (its listener among them) must not stay open in the function.
  posix_spawn_file_actions_addclosefrom_np(&setup.actions, STDERR_FILENO + 1);
  // Its own process group, so a timeout kills what the runtime started too; default signal
  // dispositions and an empty mask, whatever the emulator ignores or blocks.
  sigset_t all_signals, no_signals;
  sigfillset(&all_signals);
  sigdelset(&all_signals, SIGKILL);
  sigdelset(&all_signals, SIGSTOP);
  sigemptyset(&no_signals);
  posix_spawnattr_setflags(&setup.attributes,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  posix_spawnattr_setpgroup(&setup.attributes, 0);
  posix_spawnattr_setsigdefault(&setup.attributes, &all_signals);
  posix_spawnattr_setsigmask(&setup.attributes, &no_signals);

  auto argv = spawn_c_strings(command.argv);
  auto envp = spawn_c_strings(command.environment);
  bool has_path = command.argv.at(0).find('/') != std::string::npos;
  int rc = has_path ? ::posix_spawn(&pid_, argv[0], &setup.actions, &setup.attributes, argv.data(),
                                    envp.data())
                    : ::posix_spawnp(&pid_, argv[0], &setup.actions, &setup.attributes, argv.data(),
                                     envp.data());
  ::close(pipe_fds[1]);
  if (rc != 0) {
    ::close(pipe_fds[0]);
    reaped_ = true;
    throw std::system_error(rc, std::generic_category());
  }
  output_.assign(pipe_fds[0]);
  output_.non_blocking(true);
  int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
  if (pidfd < 0) {
    int error = errno;
    kill();
    int status = 0;
    ::waitpid(pid_, &status, 0);
    reaped_ = true;
    throw std::system_error(error, std::generic_category());
  }
  exit_descriptor_.assign(pidfd);
}

ChildProcess::~ChildProcess() {
  std::lock_guard lock(reap_mutex_);
  if (reaped_) return;
  ::kill(-pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
}

void ChildProcess::kill() {
  std::lock_guard lock(reap_mutex_);
  if (!reaped_) ::kill(-pid_, SIGKILL);
}

Awaitable<std::string> ChildProcess::wait_for_exit() {
  boost::system::error_code ec;
  co_await exit_descriptor_.async_wait(asio::posix::descriptor_base::wait_read,
                                       asio::redirect_error(asio::use_awaitable, ec));
  int status = 0;
  {
    std::lock_guard lock(reap_mutex_);
    if (!reaped_ && ::waitpid(pid_, &status, 0) == pid_) {
      reaped_ = true;
      wait_status_ = status;
    }
  }
  co_return describe_wait_status(status);
}

std::optional<int> ChildProcess::exit_code() const {
  std::lock_guard lock(reap_mutex_);
  if (!reaped_ || !WIFEXITED(wait_status_)) return std::nullopt;
  return WEXITSTATUS(wait_status_);
}

Awaitable<void> ChildProcess::pump_output() {
  for (;;) {
    boost::system::error_code ec;
    co_await output_.async_wait(asio::posix::descriptor_base::wait_read,
                                asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !read_available()) break;
  }
  deliver_lines(true);
}

void ChildProcess::drain_output() {
  if (output_.is_open()) read_available();
}

bool ChildProcess::read_available() {
  char buffer[64 * 1024];
  for (;;) {
    ssize_t n = ::read(output_.native_handle(), buffer, sizeof buffer);
    if (n > 0) {
      pending_.append(buffer, static_cast<std::size_t>(n));
      deliver_lines(false);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    return false;  // end of output, or an error that ends it
  }
}

void ChildProcess::deliver_lines(bool flush_partial) {
  std::size_t start = 0;
  for (;;) {
    std::size_t end = pending_.find('\n', start);
    if (end == std::string::npos) break;
    std::string_view line(pending_.data() + start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    on_line_(line);
    start = end + 1;
  }
  pending_.erase(0, start);
  if ((flush_partial && !pending_.empty()) || pending_.size() > kMaxOutputLineBytes) {
    on_line_(pending_);
    pending_.clear();
  }
}

}  // namespace eddy::services::lambda
