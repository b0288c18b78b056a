#include "eddy/emulator.hpp"

#include <future>

#include "core/ids.hpp"
#include "emulator/emulator_core.hpp"
#include "protocol/preserialized_json.hpp"

namespace eddy {

Emulator::Emulator(EmulatorConfig config)
    : core_(std::make_unique<EmulatorCore>(std::move(config))) {}

Emulator::~Emulator() = default;

Clock& Emulator::clock() {
  return core_->clock();
}

LambdaHandlers& Emulator::lambda_handlers() {
  return core_->lambda_handlers();
}

void Emulator::reset() {
  core_->reset();
}

void Emulator::shutdown() {
  core_->shutdown();
}

json Emulator::call(std::string_view service, std::string_view operation, json input,
                    const CallOptions& options) {
  protocol::Call call;
  call.service = std::string(service);
  call.operation = std::string(operation);
  call.input = std::move(input);
  call.account = options.account;
  call.region = options.region;
  call.host = options.host;
  call.request_id = ids::uuid();
  const protocol::ServiceDescription* description = nullptr;
  for (const auto* candidate : core_->directory().all())
    if (candidate->name == service) description = candidate;
  if (!description || !description->operations.contains(call.operation))
    throw AwsError("UnknownOperationException",
                   "Unknown operation " + call.operation + " for service " + call.service + ".");
  // Run on a strand of the emulator's executor, as an HTTP request would, and wait here.
  auto future = asio::co_spawn(
      asio::make_strand(core_->io()),
      [this, call = std::move(call)]() -> Awaitable<json> {
        if (!core_->ready()) co_await core_->wait_until_ready(call.service);
        co_return co_await core_->dispatch(call);
      },
      asio::use_future);
  return protocol::materialized_json(future.get());
}

}  // namespace eddy
