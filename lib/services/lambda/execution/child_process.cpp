#include "services/lambda/execution/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>

namespace eddy::services::lambda {
namespace {

// A line longer than this is delivered in pieces: a runaway writer costs bounded memory.
constexpr std::size_t kMaxOutputLineBytes = 256 * 1024;

// Where execve finds `program`: a path as given, else the first executable of that name on the
// emulator's PATH (as posix_spawnp looks, not the function's PATH). Resolved before fork, since
// the child may only make async-signal-safe calls.
std::string resolved_program(const std::string& program) {
  if (program.find('/') != std::string::npos) return program;
  const char* path = std::getenv("PATH");
  std::string_view directories = path ? path : "/usr/local/bin:/usr/bin:/bin";
  while (!directories.empty()) {
    std::size_t colon = directories.find(':');
    std::string_view directory = directories.substr(0, colon);
    directories =
        colon == std::string_view::npos ? std::string_view() : directories.substr(colon + 1);
    std::string candidate = std::string(directory.empty() ? "." : directory) + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  throw std::system_error(ENOENT, std::generic_category());
}

std::vector<char*> spawn_c_strings(const std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  pointers.reserve(strings.size() + 1);
  for (const auto& s : strings) pointers.push_back(const_cast<char*>(s.c_str()));
  pointers.push_back(nullptr);
  return pointers;
}

// Everything the child needs, prepared before fork: between fork and exec only system calls.
struct SpawnPlan {
  std::string program;
  std::vector<char*> argv;
  std::vector<char*> envp;
  const char* working_directory;
  int output_fd;  // the pipe's write end: stdout and stderr
  int error_fd;   // close-on-exec: carries errno back when the exec fails
  pid_t parent;   // the emulator, to notice it died before PR_SET_PDEATHSIG took effect
  rlim_t max_fd;  // fallback bound when close_range is not available
};

[[noreturn]] void fail_in_child(int error_fd) {
  int error = errno;
  [[maybe_unused]] auto written = ::write(error_fd, &error, sizeof error);
  ::_exit(127);
}

// In the forked child: only async-signal-safe calls, then exec.
[[noreturn]] void become_runtime(const SpawnPlan& plan) {
  // Dies with the emulator, however it ends (kill -9 included). The signal is tied to the thread
  // that forked; the emulator's threads live as long as its runtimes do.
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail_in_child(plan.error_fd);
  if (::getppid() != plan.parent) ::_exit(127);  // the emulator died before prctl
  // Its own process group, so a timeout kills what the runtime started too; default signal
  // dispositions and an empty mask, whatever the emulator ignores or blocks.
  ::setpgid(0, 0);
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  for (int signal = 1; signal < NSIG; ++signal)
    if (signal != SIGKILL && signal != SIGSTOP) ::sigaction(signal, &default_action, nullptr);
  sigset_t no_signals;
  sigemptyset(&no_signals);
  ::sigprocmask(SIG_SETMASK, &no_signals, nullptr);
  int null_fd = ::open("/dev/null", O_RDONLY);
  if (null_fd < 0 || ::dup2(null_fd, STDIN_FILENO) < 0) fail_in_child(plan.error_fd);
  if (::dup2(plan.output_fd, STDOUT_FILENO) < 0 || ::dup2(plan.output_fd, STDERR_FILENO) < 0)
    fail_in_child(plan.error_fd);
  if (::chdir(plan.working_directory) != 0) fail_in_child(plan.error_fd);
  // The emulator's sockets (its listener among them) must not stay open in the function.
  if (::close_range(STDERR_FILENO + 1, ~0U, CLOSE_RANGE_CLOEXEC) != 0)
    for (rlim_t fd = STDERR_FILENO + 1; fd < plan.max_fd; ++fd)
      ::fcntl(static_cast<int>(fd), F_SETFD, FD_CLOEXEC);
  ::execve(plan.program.c_str(), plan.argv.data(), plan.envp.data());
  fail_in_child(plan.error_fd);
}

// Forks and execs; the child's exec failure comes back as its errno.
pid_t spawn_runtime(const LaunchCommand& command, int output_fd) {
  SpawnPlan plan;
  plan.program = resolved_program(command.argv.at(0));
  plan.argv = spawn_c_strings(command.argv);
  plan.envp = spawn_c_strings(command.environment);
  plan.working_directory = command.working_directory.c_str();
  plan.output_fd = output_fd;
  plan.parent = ::getpid();
  struct rlimit files {};
  plan.max_fd = ::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY
                    ? files.rlim_cur
                    : 65536;
  int error_pipe[2];
  if (::pipe2(error_pipe, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category());
  plan.error_fd = error_pipe[1];
  pid_t pid = ::fork();
  if (pid == 0) become_runtime(plan);
  int fork_error = errno;
  ::close(error_pipe[1]);
  if (pid < 0) {
    ::close(error_pipe[0]);
    throw std::system_error(fork_error, std::generic_category());
  }
  int child_error = 0;
  ssize_t n;
  do {
    n = ::read(error_pipe[0], &child_error, sizeof child_error);
  } while (n < 0 && errno == EINTR);
  ::close(error_pipe[0]);
  if (n == static_cast<ssize_t>(sizeof child_error)) {  // exec failed: the child has exited
    int status = 0;
    ::waitpid(pid, &status, 0);
    throw std::system_error(child_error, std::generic_category());
  }
  return pid;
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
  try {
    pid_ = spawn_runtime(command, pipe_fds[1]);
  } catch (...) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    reaped_ = true;
    throw;
  }
  ::close(pipe_fds[1]);
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
