#pragma once
// Queue attributes: names, ranges, defaults and how a request's values are checked and stored.
#include <string>
#include <string_view>

#include "eddy/json.hpp"
#include "services/sqs/queue.hpp"

namespace eddy::services::sqs::queue_attributes {

enum class Change { create, set };

// Checks the attributes of a CreateQueue or SetQueueAttributes request for a queue of the given
// type and returns them normalised (every value a string: "30", "true", compact JSON policies).
// Throws InvalidAttributeName / InvalidAttributeValue / InvalidParameterValue as AWS does.
json validate(const json& given, bool fifo, Change change);

// The stored attributes of a new queue.
json defaults(bool fifo);
// `stored` with normalised `changes` applied: an empty Policy, RedrivePolicy, RedriveAllowPolicy
// or KmsMasterKeyId removes the attribute.
json apply(json stored, const json& changes);
// The value `stored` has for `name` as CreateQueue compares it ("" when absent).
std::string current_value(const json& stored, const std::string& name);

QueueSettings settings_of(const json& stored);

// True for every name GetQueueAttributes accepts, "All" included.
bool is_known_name(std::string_view name);

// Queue names: 1-80 of [A-Za-z0-9_-], FIFO queues ending in .fifo (which counts).
void check_queue_name(std::string_view name, bool fifo);

}  // namespace eddy::services::sqs::queue_attributes
