#include "emulator/service_registry.hpp"

namespace eddy {

ServiceRegistry::~ServiceRegistry() {
  while (!services_.empty()) services_.pop_back();
}

services::Service* ServiceRegistry::find(std::string_view name) const {
  for (const auto& service : services_)
    if (service->description().name == name) return service.get();
  return nullptr;
}

}  // namespace eddy
