#pragma once
// Topic attributes: which a caller may set, how they are checked, and what GetTopicAttributes
// answers (the stored ones plus Owner, Policy, counts and the EffectiveDeliveryPolicy).
#include <string>

#include "eddy/json.hpp"
#include "services/sns/sns_model.hpp"

namespace eddy::services::sns {

// Checks one attribute for CreateTopic (`creating`) or SetTopicAttributes and returns the value to
// store (booleans lower-cased, policies normalised). Throws InvalidParameter worded for the call.
std::string checked_topic_attribute(const std::string& name, const std::string& value,
                                    bool fifo_topic, bool creating);
// Fills the fields derived from `topic.attributes` (FIFO flags, signature version, policy).
void derive_topic_fields(Topic& topic);
std::string default_topic_policy(const std::string& topic_arn, const std::string& account);
json topic_attributes_output(const Topic& topic);

}  // namespace eddy::services::sns
