#pragma once
// Subscription attributes: RawMessageDelivery, FilterPolicy, FilterPolicyScope, RedrivePolicy,
// DeliveryPolicy and SubscriptionRoleArn, as Subscribe and SetSubscriptionAttributes check them
// and GetSubscriptionAttributes answers them.
#include <string>

#include "eddy/json.hpp"
#include "services/sns/sns_model.hpp"

namespace eddy::services::sns {

bool is_subscription_attribute(const std::string& name);

// Checks one attribute and returns the value to store. `subscribing` words errors as Subscribe
// does ("Invalid parameter: Attributes Reason: ..."). Throws InvalidParameter.
std::string checked_subscription_attribute(const std::string& name, const std::string& value,
                                           const Subscription& subscription, const Topic& topic,
                                           bool subscribing);
// Fills the fields derived from `subscription.attributes`, compiling its filter policy once.
// Throws InvalidParameter when the policy does not compile for its scope.
void derive_subscription_fields(Subscription& subscription, bool subscribing);
json subscription_attributes_output(const Subscription& subscription, const Topic* topic);

}  // namespace eddy::services::sns
