#pragma once
// Matching REST-JSON request paths (Lambda's /2015-03-31/functions/{FunctionName}/...) against
// route templates.
#include <optional>
#include <string>
#include <string_view>

#include "eddy/json.hpp"
#include "protocol/service_description.hpp"

namespace eddy::protocol {

// The labels of `route` bound by `path` (URL-decoded), or nullopt when it does not match.
std::optional<json> match_route(const RestRoute& route, std::string_view method,
                                std::string_view path);

}  // namespace eddy::protocol
