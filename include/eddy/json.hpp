#pragma once
// The one JSON type of the public API: operations take and return AWS-shaped JSON.
#include <nlohmann/json.hpp>

namespace eddy {
using json = nlohmann::json;
}  // namespace eddy
