#pragma once
// An io_context run on two threads for a test's duration: coroutines spawned on a strand of it
// wait as a service's do, while the test's own thread checks on them.
#include <thread>

#include "core/asio.hpp"

namespace eddy::testing {

struct Executor {
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
  std::thread a{[this] { io.run(); }};
  std::thread b{[this] { io.run(); }};
  ~Executor() {
    work.reset();
    io.stop();
    a.join();
    b.join();
  }
};

}  // namespace eddy::testing
