#pragma once
// The services an Emulator serves. Dispatch, start-up, reset, health and shutdown walk this list;
// adding a service is one add<>() in services.cpp.
#include <memory>
#include <string_view>
#include <vector>

#include "eddy/lambda_handler.hpp"
#include "services/service.hpp"
#include "services/service_context.hpp"

namespace eddy {

class ServiceRegistry {
 public:
  ServiceRegistry() = default;
  ServiceRegistry(const ServiceRegistry&) = delete;
  ServiceRegistry& operator=(const ServiceRegistry&) = delete;
  // Services go in reverse order of registration: a later one may hold references to an earlier.
  ~ServiceRegistry();

  template <class S, class... Args>
  S& add(Args&&... args) {
    auto service = std::make_unique<S>(std::forward<Args>(args)...);
    S& added = *service;
    services_.push_back(std::move(service));
    return added;
  }

  // By its description's name ("sqs"); null when none.
  services::Service* find(std::string_view name) const;
  // The registered instance of S (for in-process APIs and tests); null when none.
  template <class S>
  S* find() const {
    for (const auto& service : services_)
      if (auto* typed = dynamic_cast<S*>(service.get())) return typed;
    return nullptr;
  }
  const std::vector<std::unique_ptr<services::Service>>& all() const { return services_; }

 private:
  std::vector<std::unique_ptr<services::Service>> services_;
};

// The one place services are registered, in dependency order (services.cpp).
void register_services(ServiceRegistry& registry, const services::ServiceContext& context,
                       const LambdaHandlers& lambda_handlers);

}  // namespace eddy
