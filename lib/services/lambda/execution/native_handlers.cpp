// The registry of native handlers (include/eddy/lambda_handler.hpp).
#include "eddy/lambda_handler.hpp"

namespace eddy {

void LambdaHandlers::set(const std::string& function_name, LambdaHandler handler) {
  std::lock_guard lock(mutex_);
  handlers_[function_name] = std::move(handler);
}

void LambdaHandlers::remove(const std::string& function_name) {
  std::lock_guard lock(mutex_);
  handlers_.erase(function_name);
}

std::optional<LambdaHandler> LambdaHandlers::find(const std::string& function_name) const {
  std::lock_guard lock(mutex_);
  auto it = handlers_.find(function_name);
  if (it == handlers_.end()) return std::nullopt;
  return it->second;
}

}  // namespace eddy
