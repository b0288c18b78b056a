#include "services/sqs/queue_attributes.hpp"

#include <algorithm>
#include <array>

#include "core/input.hpp"
#include "services/sqs/redrive_policy.hpp"
#include "services/sqs/sqs_errors.hpp"

namespace eddy::services::sqs::queue_attributes {
namespace {

struct IntegerAttribute {
  std::string_view name;
  std::int64_t min;
  std::int64_t max;
};

constexpr std::array<IntegerAttribute, 6> kIntegerAttributes{{
    {"DelaySeconds", 0, 900},
    {"MaximumMessageSize", 1024, 1048576},
    {"MessageRetentionPeriod", 60, 1209600},
    {"ReceiveMessageWaitTimeSeconds", 0, 20},
    {"VisibilityTimeout", 0, 43200},
    {"KmsDataKeyReusePeriodSeconds", 60, 86400},
}};

constexpr std::array<std::string_view, 6> kReadOnly{"ApproximateNumberOfMessages",
                                                    "ApproximateNumberOfMessagesNotVisible",
                                                    "ApproximateNumberOfMessagesDelayed",
                                                    "CreatedTimestamp",
                                                    "LastModifiedTimestamp",
                                                    "QueueArn"};

constexpr std::array<std::string_view, 4> kRemovable{"Policy", "RedrivePolicy",
                                                     "RedriveAllowPolicy", "KmsMasterKeyId"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string boolean_value(std::string_view name, const std::string& text) {
  auto parsed = eddy::input::boolean(json(text));
  if (!parsed) throw errors::invalid_attribute_value(name);
  return *parsed ? "true" : "false";
}

std::string integer_value(const IntegerAttribute& rule, const std::string& text) {
  auto parsed = eddy::input::integer(json(text));
  if (!parsed || *parsed < rule.min || *parsed > rule.max)
    throw errors::invalid_attribute_value(rule.name);
  return std::to_string(*parsed);
}

std::string policy_value(const std::string& text) {
  if (text.empty()) return text;
  json parsed = json::parse(text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) throw errors::invalid_attribute_value("Policy");
  return text;
}

void reject_unless_fifo(bool fifo, std::string_view name) {
  if (fifo) return;
  if (name == "DeduplicationScope" || name == "FifoThroughputLimit")
    throw errors::invalid_attribute_name("You can specify the " + std::string(name) +
                                         " only when FifoQueue is set to true.");
  throw errors::unknown_attribute(name);
}

std::string validate_one(const std::string& name, const std::string& text, bool fifo,
                         Change change) {
  for (const auto& rule : kIntegerAttributes)
    if (rule.name == name) return integer_value(rule, text);
  if (name == "FifoQueue") {
    reject_unless_fifo(fifo, name);
    std::string value = boolean_value(name, text);
    if (value != "true")
      throw change == Change::set
          ? errors::invalid_attribute_value(name, "Modifying queue type is not supported.")
          : errors::invalid_attribute_value(name);
    return value;
  }
  if (name == "ContentBasedDeduplication") {
    reject_unless_fifo(fifo, name);
    return boolean_value(name, text);
  }
  if (name == "DeduplicationScope") {
    reject_unless_fifo(fifo, name);
    if (text != "messageGroup" && text != "queue") throw errors::invalid_attribute_value(name);
    return text;
  }
  if (name == "FifoThroughputLimit") {
    reject_unless_fifo(fifo, name);
    if (text != "perQueue" && text != "perMessageGroupId")
      throw errors::invalid_attribute_value(name);
    return text;
  }
  if (name == "SqsManagedSseEnabled") return boolean_value(name, text);
  if (name == "Policy") return policy_value(text);
  if (name == "RedrivePolicy") return text.empty() ? text : redrive::normalize_redrive_policy(text);
  if (name == "RedriveAllowPolicy")
    return text.empty() ? text : redrive::normalize_redrive_allow_policy(text);
  if (name == "KmsMasterKeyId") return text;
  throw errors::unknown_attribute(name);
}

bool valid_name_characters(std::string_view name) {
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

}  // namespace

json validate(const json& given, bool fifo, Change change) {
  json out = json::object();
  if (!given.is_object()) return out;
  for (const auto& [name, value] : given.items()) {
    if (contains(kReadOnly, name)) throw errors::unknown_attribute(name);
    out[name] = validate_one(name, eddy::input::text(value), fifo, change);
  }
  auto kms = out.find("KmsMasterKeyId");
  auto sse = out.find("SqsManagedSseEnabled");
  if (kms != out.end() && !kms->get_ref<const std::string&>().empty() && sse != out.end() &&
      *sse == "true")
    throw errors::invalid_attribute_name(
        "You can use one type of server-side encryption (SSE) at one time. You can either "
        "enable KMS SSE or SQS SSE.");
  return out;
}

json defaults(bool fifo) {
  json out = {{"DelaySeconds", "0"},
              {"MaximumMessageSize", "1048576"},
              {"MessageRetentionPeriod", "345600"},
              {"ReceiveMessageWaitTimeSeconds", "0"},
              {"VisibilityTimeout", "30"},
              {"SqsManagedSseEnabled", "true"}};
  if (fifo) {
    out["FifoQueue"] = "true";
    out["ContentBasedDeduplication"] = "false";
    out["DeduplicationScope"] = "queue";
    out["FifoThroughputLimit"] = "perQueue";
  }
  return out;
}

json apply(json stored, const json& changes) {
  for (const auto& [name, value] : changes.items()) {
    const auto& text = value.get_ref<const std::string&>();
    if (contains(kRemovable, name) && text.empty()) {
      stored.erase(name);
      if (name == "KmsMasterKeyId") stored.erase("KmsDataKeyReusePeriodSeconds");
      continue;
    }
    stored[name] = text;
    // SSE-KMS and SSE-SQS exclude each other: turning one on turns the other off.
    if (name == "KmsMasterKeyId") {
      stored["SqsManagedSseEnabled"] = "false";
      if (!stored.contains("KmsDataKeyReusePeriodSeconds"))
        stored["KmsDataKeyReusePeriodSeconds"] = "300";
    }
    if (name == "SqsManagedSseEnabled" && text == "true") {
      stored.erase("KmsMasterKeyId");
      stored.erase("KmsDataKeyReusePeriodSeconds");
    }
  }
  return stored;
}

std::string current_value(const json& stored, const std::string& name) {
  auto it = stored.find(name);
  return it == stored.end() ? std::string() : it->get<std::string>();
}

QueueSettings settings_of(const json& stored) {
  QueueSettings out;
  auto integer = [&](const char* name, std::int64_t fallback) {
    auto it = stored.find(name);
    if (it == stored.end()) return fallback;
    return eddy::input::integer(*it).value_or(fallback);
  };
  out.delay_seconds = integer("DelaySeconds", 0);
  out.maximum_message_size = integer("MaximumMessageSize", 1048576);
  out.retention_seconds = integer("MessageRetentionPeriod", 345600);
  out.receive_wait_seconds = integer("ReceiveMessageWaitTimeSeconds", 0);
  out.visibility_timeout = integer("VisibilityTimeout", 30);
  out.content_based_deduplication = current_value(stored, "ContentBasedDeduplication") == "true";
  out.deduplicate_per_group = current_value(stored, "DeduplicationScope") == "messageGroup";
  if (auto redrive = current_value(stored, "RedrivePolicy"); !redrive.empty())
    out.redrive = redrive::parse_redrive_policy(redrive);
  return out;
}

bool is_known_name(std::string_view name) {
  static constexpr std::array<std::string_view, 22> kNames{"All",
                                                           "Policy",
                                                           "VisibilityTimeout",
                                                           "MaximumMessageSize",
                                                           "MessageRetentionPeriod",
                                                           "ApproximateNumberOfMessages",
                                                           "ApproximateNumberOfMessagesNotVisible",
                                                           "CreatedTimestamp",
                                                           "LastModifiedTimestamp",
                                                           "QueueArn",
                                                           "ApproximateNumberOfMessagesDelayed",
                                                           "DelaySeconds",
                                                           "ReceiveMessageWaitTimeSeconds",
                                                           "RedrivePolicy",
                                                           "FifoQueue",
                                                           "ContentBasedDeduplication",
                                                           "KmsMasterKeyId",
                                                           "KmsDataKeyReusePeriodSeconds",
                                                           "DeduplicationScope",
                                                           "FifoThroughputLimit",
                                                           "RedriveAllowPolicy",
                                                           "SqsManagedSseEnabled"};
  return contains(kNames, name);
}

void check_queue_name(std::string_view name, bool fifo) {
  if (fifo) {
    constexpr std::string_view suffix = ".fifo";
    bool ok = name.size() > suffix.size() && name.size() <= 80 &&
              name.substr(name.size() - suffix.size()) == suffix &&
              valid_name_characters(name.substr(0, name.size() - suffix.size()));
    if (!ok)
      throw errors::invalid_parameter_value(
          "The name of a FIFO queue can only include alphanumeric characters, hyphens, or "
          "underscores, must end with .fifo suffix and be 1 to 80 in length.");
    return;
  }
  if (name.empty() || name.size() > 80 || !valid_name_characters(name))
    throw errors::invalid_parameter_value(
        "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
}

}  // namespace eddy::services::sqs::queue_attributes
