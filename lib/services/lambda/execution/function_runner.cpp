#include "services/lambda/execution/function_runner.hpp"

#include <tuple>

namespace eddy::services::lambda {

// load_package is left out: it is how the bytes are fetched, not what the deployment is (the
// code is named by code_sha256).
bool FunctionDeployment::operator==(const FunctionDeployment& other) const {
  auto members = [](const FunctionDeployment& d) {
    return std::tie(d.account, d.region, d.function_name, d.function_arn, d.version, d.runtime,
                    d.handler, d.code_sha256, d.timeout_seconds, d.memory_size_mb, d.environment);
  };
  return members(*this) == members(other);
}

}  // namespace eddy::services::lambda
