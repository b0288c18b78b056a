#include "services/sqs/redrive_policy.hpp"

#include <nlohmann/json.hpp>

#include "core/arn.hpp"
#include "core/input.hpp"
#include "services/sqs/sqs_errors.hpp"

namespace eddy::services::sqs::redrive {
namespace {

AwsError invalid_redrive(const std::string& raw, std::string_view reason) {
  return errors::invalid_parameter(raw, "RedrivePolicy", reason);
}

AwsError invalid_allow(std::string_view reason) {
  return errors::invalid_attribute_value("RedriveAllowPolicy", reason);
}

bool is_sqs_arn(const std::string& text) {
  auto arn = Arn::parse(text);
  return arn && arn->service == "sqs" && !arn->region.empty() && !arn->account.empty();
}

}  // namespace

std::string normalize_redrive_policy(const std::string& raw) {
  json parsed = json::parse(raw, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object())
    throw invalid_redrive(raw, "Redrive policy is not a valid JSON map.");
  const json* target = eddy::input::member(parsed, "deadLetterTargetArn");
  if (!target)
    throw invalid_redrive(
        raw, "Redrive policy does not contain mandatory attribute: deadLetterTargetArn.");
  const json* count = eddy::input::member(parsed, "maxReceiveCount");
  if (!count)
    throw invalid_redrive(raw,
                          "Redrive policy does not contain mandatory attribute: maxReceiveCount.");
  std::string arn = eddy::input::text(*target);
  if (!target->is_string() || !is_sqs_arn(arn))
    throw invalid_redrive(raw, "Invalid value for deadLetterTargetArn.");
  auto receives = eddy::input::integer(*count);
  if (!receives || *receives < 1 || *receives > 1000)
    throw invalid_redrive(raw, "Invalid value for maxReceiveCount: " + eddy::input::text(*count) +
                                   ", valid values are from 1 to 1000 both inclusive.");
  nlohmann::ordered_json out;
  out["deadLetterTargetArn"] = arn;
  out["maxReceiveCount"] = *receives;
  return out.dump();
}

RedrivePolicy parse_redrive_policy(const std::string& normalized) {
  json parsed = json::parse(normalized);
  return {parsed.at("deadLetterTargetArn").get<std::string>(),
          parsed.at("maxReceiveCount").get<std::int64_t>()};
}

std::string normalize_redrive_allow_policy(const std::string& raw) {
  json parsed = json::parse(raw, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object())
    throw invalid_allow("Redrive allow policy is not a valid JSON map.");
  const json* permission = eddy::input::member(parsed, "redrivePermission");
  if (!permission || !permission->is_string())
    throw invalid_allow(
        "Redrive allow policy does not contain mandatory attribute: redrivePermission.");
  std::string kind = permission->get<std::string>();
  const json* sources = eddy::input::member(parsed, "sourceQueueArns");
  nlohmann::ordered_json out;
  out["redrivePermission"] = kind;
  if (kind == "byQueue") {
    if (!sources || !sources->is_array() || sources->empty())
      throw invalid_allow("sourceQueueArns must be specified when redrivePermission is byQueue.");
    if (sources->size() > 10)
      throw invalid_allow("Number of sourceQueueArns must be less than or equal to 10.");
    for (const auto& source : *sources)
      if (!source.is_string() || !is_sqs_arn(source.get<std::string>()))
        throw invalid_allow("Invalid value for sourceQueueArns.");
    out["sourceQueueArns"] = *sources;
  } else if (kind == "allowAll" || kind == "denyAll") {
    if (sources)
      throw invalid_allow(
          "sourceQueueArns can only be specified when redrivePermission is byQueue.");
  } else {
    throw invalid_allow("Invalid value for redrivePermission.");
  }
  return out.dump();
}

bool allows_source(const Queue& target, const std::string& source_arn) {
  auto it = target.attributes.find("RedriveAllowPolicy");
  if (it == target.attributes.end()) return true;
  json policy = json::parse(it->get<std::string>());
  std::string kind = policy.value("redrivePermission", "allowAll");
  if (kind == "allowAll") return true;
  if (kind == "denyAll") return false;
  for (const auto& source : policy.value("sourceQueueArns", json::array()))
    if (source == source_arn) return true;
  return false;
}

void check_target(const std::string& policy, const std::string& source_arn, bool source_fifo,
                  const QueuePtr& target) {
  if (!target) throw invalid_redrive(policy, "Dead letter target does not exist.");
  if (target->fifo != source_fifo)
    throw invalid_redrive(policy, "Dead-letter queue must be same type of queue as the source.");
  if (!allows_source(*target, source_arn))
    throw invalid_redrive(policy, "Queue " + source_arn + " is not allowed to use " + target->arn +
                                      " as a dead-letter queue by its RedriveAllowPolicy.");
}

}  // namespace eddy::services::sqs::redrive
