#pragma once
// Runs invocations of functions that have a native handler (LambdaHandlers): the handler is
// called on a thread of the runner's own while the invocation waits, holding no thread, for its
// result or its timeout on the emulator's clock. Handlers are plain blocking C++ and may call
// back into the emulator (Emulator::call), so they never run on the emulator's executor: a few
// such handlers at once would otherwise hold every executor thread while waiting for it. A handler
// that overruns cannot be stopped (it is a plain C++ call): its invocation fails with AWS's timeout
// error at once and its result, when it comes, is dropped.
#include <boost/asio/thread_pool.hpp>
#include <mutex>
#include <optional>

#include "eddy/lambda_handler.hpp"
#include "engine/notifier.hpp"
#include "services/lambda/execution/function_runner.hpp"

namespace eddy::services::lambda {

class NativeHandlerRunner final : public FunctionRunner {
 public:
  NativeHandlerRunner(const LambdaHandlers& handlers, Clock& clock, engine::Notifier& notifier);

  Awaitable<InvocationResult> invoke(Invocation invocation) override;
  void retire(const std::string&) override {}
  // Waits for handlers still running (their results wake the notifier, which must outlive them).
  void shutdown() override;

 private:
  asio::thread_pool& handler_threads();

  const LambdaHandlers& handlers_;
  Clock& clock_;
  engine::Notifier& notifier_;
  std::mutex threads_mutex_;
  std::optional<asio::thread_pool> handler_threads_;  // started by the first native invocation
};

// AWS's error document for a failed invocation: {"errorMessage", "errorType", "stackTrace"}.
std::string function_error_document(const std::string& type, const std::string& message);

}  // namespace eddy::services::lambda
