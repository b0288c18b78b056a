#pragma once
// How SNS looks on the wire: its error and XML namespaces, and the query protocol's lists and maps
// in both directions.
#include <string_view>
#include <unordered_set>

#include "protocol/service_description.hpp"

namespace eddy::services::sns {

protocol::ServiceDescription make_description(std::unordered_set<std::string_view> operations);

}  // namespace eddy::services::sns
