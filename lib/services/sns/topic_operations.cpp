// Topic operations: CreateTopic, DeleteTopic, ListTopics, Get/SetTopicAttributes, tags and
// permissions.
#include <algorithm>

#include <boost/algorithm/string/case_conv.hpp>

#include "core/arn.hpp"
#include "services/sns/sns_errors.hpp"
#include "services/sns/sns_input.hpp"
#include "services/sns/sns_service.hpp"
#include "services/sns/sns_tables.hpp"
#include "services/sns/topic_attributes.hpp"
#include "services/sns/topic_registry.hpp"

namespace eddy::services::sns {
namespace {

using ordered = nlohmann::ordered_json;

constexpr std::size_t kMaxTopicNameLength = 256;
constexpr std::size_t kMaxTags = 50;
constexpr int kTopicPageSize = 100;

// Every SNS action a permission statement may grant.
constexpr std::string_view kSnsActions[] = {"AddPermission",
                                            "CheckIfPhoneNumberIsOptedOut",
                                            "ConfirmSubscription",
                                            "CreatePlatformApplication",
                                            "CreatePlatformEndpoint",
                                            "CreateSMSSandboxPhoneNumber",
                                            "CreateTopic",
                                            "DeleteEndpoint",
                                            "DeletePlatformApplication",
                                            "DeleteSMSSandboxPhoneNumber",
                                            "DeleteTopic",
                                            "GetDataProtectionPolicy",
                                            "GetEndpointAttributes",
                                            "GetPlatformApplicationAttributes",
                                            "GetSMSAttributes",
                                            "GetSMSSandboxAccountStatus",
                                            "GetSubscriptionAttributes",
                                            "GetTopicAttributes",
                                            "ListEndpointsByPlatformApplication",
                                            "ListOriginationNumbers",
                                            "ListPhoneNumbersOptedOut",
                                            "ListPlatformApplications",
                                            "ListSMSSandboxPhoneNumbers",
                                            "ListSubscriptions",
                                            "ListSubscriptionsByTopic",
                                            "ListTagsForResource",
                                            "ListTopics",
                                            "OptInPhoneNumber",
                                            "Publish",
                                            "PublishBatch",
                                            "PutDataProtectionPolicy",
                                            "RemovePermission",
                                            "SetEndpointAttributes",
                                            "SetPlatformApplicationAttributes",
                                            "SetSMSAttributes",
                                            "SetSubscriptionAttributes",
                                            "SetTopicAttributes",
                                            "Subscribe",
                                            "TagResource",
                                            "Unsubscribe",
                                            "UntagResource",
                                            "VerifySMSSandboxPhoneNumber"};

bool valid_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

// Standard topics: 1-256 of [A-Za-z0-9_-]. FIFO topics: the same ending in ".fifo".
void check_topic_name(const std::string& name, bool fifo) {
  std::string_view base = name;
  if (fifo) {
    if (name.size() < 6 || name.substr(name.size() - 5) != ".fifo")
      throw invalid_parameter("Topic Name");
    base = base.substr(0, base.size() - 5);
  }
  if (base.empty() || name.size() > kMaxTopicNameLength ||
      !std::all_of(base.begin(), base.end(), valid_name_char))
    throw invalid_parameter("Topic Name");
}

// [{"Key", "Value"}] from the request, with SNS's checks.
json requested_tags(const json& input) {
  json tags = json::array();
  std::vector<std::string> keys;
  for (const auto& tag : list_member(input, "Tags")) {
    std::string key = optional_text(tag, "Key").value_or("");
    std::string value = optional_text(tag, "Value").value_or("");
    if (std::find(keys.begin(), keys.end(), key) != keys.end())
      throw invalid_parameter("Duplicated keys are not allowed.");
    if (key.empty() || key.size() > 128)
      throw invalid_parameter("Tags Reason: Tag keys must be between 1 and 128 characters");
    if (value.size() > 256)
      throw invalid_parameter("Tags Reason: Tag values must be at most 256 characters");
    keys.push_back(key);
    tags.push_back({{"Key", key}, {"Value", value}});
  }
  return tags;
}

void merge_tags(json& tags, const json& added) {
  for (const auto& tag : added) {
    auto it = std::find_if(tags.begin(), tags.end(),
                           [&](const json& t) { return t["Key"] == tag["Key"]; });
    if (it != tags.end())
      (*it)["Value"] = tag["Value"];
    else
      tags.push_back(tag);
  }
  if (tags.size() > kMaxTags)
    throw AwsError("TagLimitExceeded",
                   "Could not complete request: tag quota of per resource exceeded");
}

// TagResource and UntagResource answer an empty <...Result/> that botocore insists on; the XML
// writer opens the Result element for a non-empty object and writes nothing for a null member.
json empty_result() {
  return {{"Result", nullptr}};
}

AwsError resource_not_found() {
  return AwsError("ResourceNotFound", "Resource does not exist", 404);
}

ordered policy_document(const Topic& topic) {
  std::string text = topic.attributes.value("Policy", "");
  if (text.empty()) text = default_topic_policy(topic.arn, topic.account);
  ordered policy = ordered::parse(text, nullptr, false);
  if (policy.is_discarded() || !policy.is_object()) policy = ordered::object();
  if (!policy.contains("Statement") || !policy["Statement"].is_array())
    policy["Statement"] = ordered::array();
  return policy;
}

}  // namespace

Awaitable<json> SnsService::CreateTopic(const Call& call) {
  std::string name = optional_text(call.input, "Name").value_or("");
  json given = string_map(call.input, "Attributes");
  json tags = requested_tags(call.input);
  bool fifo = boost::algorithm::to_lower_copy(given.value("FifoTopic", "false")) == "true";
  check_topic_name(name, fifo);
  json attributes = json::object();
  for (const auto& [key, value] : given.items()) {
    std::string checked = checked_topic_attribute(key, value.get<std::string>(), fifo, true);
    if (key == "FifoTopic" && checked == "false") continue;  // AWS keeps no FifoTopic=false
    attributes[key] = checked;
  }
  std::string arn = make_arn("sns", call.region, call.account, name);

  co_return co_await context_.store.write([&](store::Database& db) -> json {
    if (TopicPtr existing = registry_->topic(arn)) {
      // CreateTopic is idempotent, but not with attributes or tags the topic does not have.
      json current = topic_attributes_output(*existing);
      for (const auto& [key, value] : attributes.items()) {
        bool flag = key == "FifoTopic" || key == "ContentBasedDeduplication";
        if (current.value(key, flag ? "false" : "") != value.get<std::string>())
          throw invalid_parameter(
              "Attributes Reason: Topic already exists with different attributes");
      }
      for (const auto& tag : tags)
        if (std::find(existing->tags.begin(), existing->tags.end(), tag) == existing->tags.end())
          throw invalid_parameter("Tags Reason: Topic already exists with different tags");
      return {{"TopicArn", arn}};
    }
    Topic topic;
    topic.arn = arn;
    topic.account = call.account;
    topic.region = call.region;
    topic.name = name;
    topic.attributes = std::move(attributes);
    topic.tags = std::move(tags);
    derive_topic_fields(topic);
    if (topic.tags.size() > kMaxTags)
      throw AwsError("TagLimitExceeded",
                     "Could not complete request: tag quota of per resource exceeded");
    tables::insert_topic(db, topic);
    registry_->restore_on_rollback(db, arn);
    registry_->put_topic(std::make_shared<Topic>(std::move(topic)));
    return {{"TopicArn", arn}};
  });
}

Awaitable<json> SnsService::DeleteTopic(const Call& call) {
  std::string arn = optional_text(call.input, "TopicArn").value_or("");
  parse_topic_arn(arn, call.region);
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    if (!registry_->topic(arn)) return json::object();  // deleting twice is fine
    tables::delete_topic(db, arn);
    registry_->restore_on_rollback(db, arn);
    registry_->remove_topic(arn);
    return json::object();
  });
}

json SnsService::ListTopics(const Call& call) {
  std::int64_t after = page_after(optional_text(call.input, "NextToken"));
  auto lock = context_.store.lock();
  auto page =
      tables::topic_page(context_.store.db(), call.account, call.region, after, kTopicPageSize);
  json topics = json::array();
  for (const auto& arn : page.arns) topics.push_back({{"TopicArn", arn}});
  json out = {{"Topics", std::move(topics)}};
  if (page.next_after) out["NextToken"] = page_token(*page.next_after);
  return out;
}

json SnsService::GetTopicAttributes(const Call& call) {
  TopicPtr topic = existing_topic(call, optional_text(call.input, "TopicArn").value_or(""));
  return {{"Attributes", topic_attributes_output(*topic)}};
}

Awaitable<json> SnsService::SetTopicAttributes(const Call& call) {
  std::string arn = optional_text(call.input, "TopicArn").value_or("");
  std::string name = required_text(call.input, "AttributeName");
  std::string value = optional_text(call.input, "AttributeValue").value_or("");
  existing_topic(call, arn);
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    TopicPtr current = registry_->topic(arn);
    if (!current) throw topic_not_found();
    std::string checked = checked_topic_attribute(name, value, current->fifo, false);
    Topic topic = *current;
    if (checked.empty() && name != "DisplayName")
      topic.attributes.erase(name);
    else
      topic.attributes[name] = checked;
    save_topic(db, std::move(topic));
    return json::object();
  });
}

Awaitable<json> SnsService::TagResource(const Call& call) {
  std::string arn = required_text(call.input, "ResourceArn");
  parse_arn_parameter(arn, "ResourceArn");
  json tags = requested_tags(call.input);
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    TopicPtr current = registry_->topic(arn);
    if (!current) throw resource_not_found();
    Topic topic = *current;
    merge_tags(topic.tags, tags);
    save_topic(db, std::move(topic));
    return empty_result();
  });
}

Awaitable<json> SnsService::UntagResource(const Call& call) {
  std::string arn = required_text(call.input, "ResourceArn");
  parse_arn_parameter(arn, "ResourceArn");
  json keys = list_member(call.input, "TagKeys");
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    TopicPtr current = registry_->topic(arn);
    if (!current) throw resource_not_found();
    Topic topic = *current;
    json kept = json::array();
    for (const auto& tag : topic.tags)
      if (std::find(keys.begin(), keys.end(), tag["Key"]) == keys.end()) kept.push_back(tag);
    topic.tags = std::move(kept);
    save_topic(db, std::move(topic));
    return empty_result();
  });
}

json SnsService::ListTagsForResource(const Call& call) {
  std::string arn = required_text(call.input, "ResourceArn");
  parse_arn_parameter(arn, "ResourceArn");
  TopicPtr topic = registry_->topic(arn);
  if (!topic) throw resource_not_found();
  return {{"Tags", topic->tags}};
}

Awaitable<json> SnsService::AddPermission(const Call& call) {
  std::string arn = optional_text(call.input, "TopicArn").value_or("");
  std::string label = required_text(call.input, "Label");
  json accounts = list_member(call.input, "AWSAccountId");
  json actions = list_member(call.input, "ActionName");
  existing_topic(call, arn);
  if (accounts.empty())
    throw invalid_parameter("AWSAccountId Reason: no value for required parameter");
  if (actions.empty())
    throw invalid_parameter("ActionName Reason: no value for required parameter");
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    TopicPtr current = registry_->topic(arn);
    if (!current) throw topic_not_found();
    ordered policy = policy_document(*current);
    for (const auto& statement : policy["Statement"])
      if (statement.value("Sid", "") == label) throw invalid_parameter("Statement already exists");
    ordered principals = ordered::array();
    for (const auto& account : accounts)
      principals.push_back("arn:aws:iam::" + account.get<std::string>() + ":root");
    ordered granted = ordered::array();
    for (const auto& action : actions) {
      std::string name = action.get<std::string>();
      if (std::find(std::begin(kSnsActions), std::end(kSnsActions), name) == std::end(kSnsActions))
        throw invalid_parameter("Policy statement action out of service scope!");
      granted.push_back("SNS:" + name);
    }
    ordered statement = ordered::object();
    statement["Sid"] = label;
    statement["Effect"] = "Allow";
    statement["Principal"] = ordered{{"AWS", principals.size() == 1 ? principals[0] : principals}};
    statement["Action"] = granted.size() == 1 ? granted[0] : granted;
    statement["Resource"] = arn;
    policy["Statement"].push_back(std::move(statement));

    Topic topic = *current;
    topic.attributes["Policy"] = policy.dump();
    save_topic(db, std::move(topic));
    return json::object();
  });
}

Awaitable<json> SnsService::RemovePermission(const Call& call) {
  std::string arn = optional_text(call.input, "TopicArn").value_or("");
  std::string label = required_text(call.input, "Label");
  existing_topic(call, arn);
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    TopicPtr current = registry_->topic(arn);
    if (!current) throw topic_not_found();
    ordered policy = policy_document(*current);
    auto& statements = policy["Statement"];
    auto before = statements.size();
    statements.erase(std::remove_if(statements.begin(), statements.end(),
                                    [&](const ordered& s) { return s.value("Sid", "") == label; }),
                     statements.end());
    if (statements.size() == before) return json::object();
    Topic topic = *current;
    topic.attributes["Policy"] = policy.dump();
    save_topic(db, std::move(topic));
    return json::object();
  });
}

}  // namespace eddy::services::sns
