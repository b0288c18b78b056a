#pragma once
// Queue tags: up to 50 per queue, keys of 1-128 characters, values of up to 256.
#include <string_view>

#include "eddy/json.hpp"

namespace eddy::services::sqs::queue_tags {

// Checks a tag map as a request gives it, and the size of the queue's tags once applied.
// Throws InvalidParameterValue.
void check(const json& tags, std::string_view queue_name = {});

}  // namespace eddy::services::sqs::queue_tags
