#pragma once
// LocalStack's status routes, so setups written for LocalStack run unchanged: GET/HEAD
// /_localstack/health (which services run) and GET /_localstack/init[/<stage>] (the init scripts'
// states), polled by CI scripts and test containers until the emulator is ready.
#include <optional>

#include "emulator/init_hooks.hpp"
#include "emulator/service_registry.hpp"
#include "protocol/http_message.hpp"

namespace eddy {

// nullopt when the path is not under /_localstack/.
std::optional<protocol::HttpResponse> answer_localstack_route(const protocol::HttpRequest& request,
                                                              const ServiceRegistry& services,
                                                              const InitHooks& init_hooks);

}  // namespace eddy
