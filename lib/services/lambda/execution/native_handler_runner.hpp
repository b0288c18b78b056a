#pragma once
// Runs invocations of functions that have a native handler (LambdaHandlers): the handler is
// called on the emulator's executor while the invocation waits, holding no thread, for its result
// or its timeout on the emulator's clock. A handler that overruns cannot be stopped (it is a plain
// C++ call): its invocation fails with AWS's timeout error at once and its result, when it comes,
// is dropped.
#include "eddy/lambda_handler.hpp"
#include "engine/notifier.hpp"
#include "services/lambda/execution/function_runner.hpp"

namespace eddy::services::lambda {

class NativeHandlerRunner final : public FunctionRunner {
 public:
  NativeHandlerRunner(const LambdaHandlers& handlers, asio::io_context& io, Clock& clock,
                      engine::Notifier& notifier);

  Awaitable<InvocationResult> invoke(Invocation invocation) override;
  void retire(const std::string&) override {}
  void shutdown() override {}

 private:
  const LambdaHandlers& handlers_;
  asio::io_context& io_;
  Clock& clock_;
  engine::Notifier& notifier_;
};

// AWS's error document for a failed invocation: {"errorMessage", "errorType", "stackTrace"}.
std::string function_error_document(const std::string& type, const std::string& message);

}  // namespace eddy::services::lambda
