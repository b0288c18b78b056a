#include "services/sqs/queue_tags.hpp"

#include "services/sqs/sqs_errors.hpp"

namespace eddy::services::sqs::queue_tags {

void check(const json& tags, std::string_view queue_name) {
  if (tags.size() > 50) {
    std::string message = "Too many tags added for queue";
    if (!queue_name.empty()) message.append(" ").append(queue_name);
    throw errors::invalid_parameter_value(message + ".");
  }
  for (const auto& [key, value] : tags.items()) {
    if (key.empty() || key.size() > 128)
      throw errors::invalid_parameter_value(
          "Tag keys must be between 1 and 128 characters in length.");
    if (!value.is_string() || value.get_ref<const std::string&>().size() > 256)
      throw errors::invalid_parameter_value(
          "Tag values must be between 0 and 256 characters in length.");
  }
}

}  // namespace eddy::services::sqs::queue_tags
