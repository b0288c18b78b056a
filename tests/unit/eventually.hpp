#pragma once
// Waiting in a test for what the emulator does on its own threads (deliveries, pollers,
// retries), on the wall clock: an emulator's own clock never moves unless the test moves it.
#include <chrono>
#include <functional>
#include <thread>

namespace eddy::testing {

// Polls `condition` until it holds or `timeout` passes; its last answer.
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return condition();
}

}  // namespace eddy::testing
