// Time to live, tags, account limits and endpoints.
#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/dynamodb_service.hpp"
#include "services/dynamodb/item_table.hpp"
#include "services/dynamodb/item_writer.hpp"
#include "services/dynamodb/values/stored_item_text.hpp"

namespace eddy::services::dynamodb {
namespace {

// Tables a tag operation names by ARN: arn:aws:dynamodb:<region>:<account>:table/<name>.
std::string table_name_in_arn(const json& input) {
  const json& arn = input.value("ResourceArn", json());
  if (!arn.is_string()) throw errors::validation("Invalid TableArn");
  const auto& text = arn.get_ref<const std::string&>();
  auto slash = text.find(":table/");
  if (!text.starts_with("arn:aws:dynamodb:") || slash == std::string::npos ||
      text.find('/', slash + 7) != std::string::npos || text.size() - (slash + 7) < 3)
    throw errors::validation("Invalid TableArn: Invalid ResourceArn provided as input " + text);
  return text.substr(slash + 7);
}

// The table a tag operation names; AWS's message keeps its "ResourcArn" spelling.
TablePtr tagged_table(const TableCatalog& catalog, const Call& call, const std::string& name) {
  TablePtr table = catalog.find(call.account, call.region, name);
  if (!table)
    throw AwsError("ResourceNotFoundException", "Requested resource not found: ResourcArn: " +
                                                    call.input["ResourceArn"].get<std::string>() +
                                                    " not found");
  return table;
}

}  // namespace

Awaitable<json> DynamoDbService::UpdateTimeToLive(const Call& call) {
  const json& spec = call.input.value("TimeToLiveSpecification", json());
  if (!spec.is_object() || !spec.contains("Enabled") || !spec["Enabled"].is_boolean() ||
      !spec.contains("AttributeName") || !spec["AttributeName"].is_string() ||
      spec["AttributeName"].get_ref<const std::string&>().empty())
    throw errors::validation(
        "1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy "
        "constraint: Member must not be null");
  bool enable = spec["Enabled"].get<bool>();
  std::string attribute = spec["AttributeName"].get<std::string>();
  co_return co_await write([&](store::Database& db) {
    TablePtr current = table_for_control(call);
    if (enable && current->ttl_attribute) throw errors::validation("TimeToLive is already enabled");
    if (!enable && !current->ttl_attribute)
      throw errors::validation("TimeToLive is already disabled");
    if (!enable && *current->ttl_attribute != attribute)
      throw errors::validation(
          "TimeToLive is active on a different AttributeName: current "
          "AttributeName is " +
          *current->ttl_attribute);
    Table table = *current;
    if (enable)
      table.ttl_attribute = attribute;
    else
      table.ttl_attribute.reset();
    TablePtr updated = catalog_.update(db, std::move(table));
    // Record each item's expiry now, so the sweep finds expired items by an index.
    std::vector<std::pair<EncodedKey, std::optional<std::int64_t>>> expiries;
    item_table::walk(db, item_table::whole_table(updated->id), [&](const item_table::Row& row) {
      auto expiry = enable ? expiry_of(*updated, parse_stored_item(row.item)) : std::nullopt;
      if (expiry || !enable)
        expiries.emplace_back(EncodedKey{std::string(row.hash), std::string(row.range)}, expiry);
      return true;
    });
    for (const auto& [key, expiry] : expiries) item_table::set_expiry(db, updated->id, key, expiry);
    return json{{"TimeToLiveSpecification", {{"Enabled", enable}, {"AttributeName", attribute}}}};
  });
}

json DynamoDbService::DescribeTimeToLive(const Call& call) {
  auto lock = context_.store.lock();
  TablePtr table = table_for_control(call);
  json description = {{"TimeToLiveStatus", table->ttl_attribute ? "ENABLED" : "DISABLED"}};
  if (table->ttl_attribute) description["AttributeName"] = *table->ttl_attribute;
  return {{"TimeToLiveDescription", description}};
}

Awaitable<json> DynamoDbService::TagResource(const Call& call) {
  std::string name = table_name_in_arn(call.input);
  const json& tags = call.input.value("Tags", json());
  if (!tags.is_array())
    throw errors::validation(
        "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member "
        "must not be null");
  if (tags.empty()) throw errors::validation("Atleast one Tag needs to be provided as Input.");
  co_return co_await write([&](store::Database& db) {
    TablePtr current = tagged_table(catalog_, call, name);
    Table table = *current;
    for (const auto& tag : tags) {
      auto same_key = [&](const json& existing) {
        return existing["Key"] == tag.value("Key", json());
      };
      table.tags.erase(std::remove_if(table.tags.begin(), table.tags.end(), same_key),
                       table.tags.end());
      table.tags.push_back({{"Key", tag.value("Key", "")}, {"Value", tag.value("Value", "")}});
    }
    if (table.tags.size() > 50)
      throw errors::validation("One or more parameter values were invalid: Too many tags");
    catalog_.update(db, std::move(table));
    return json::object();
  });
}

Awaitable<json> DynamoDbService::UntagResource(const Call& call) {
  std::string name = table_name_in_arn(call.input);
  const json& keys = call.input.value("TagKeys", json());
  if (!keys.is_array())
    throw errors::validation(
        "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: "
        "Member must not be null");
  if (keys.empty()) throw errors::validation("Atleast one Tag Key needs to be provided as Input.");
  co_return co_await write([&](store::Database& db) {
    TablePtr current = tagged_table(catalog_, call, name);
    Table table = *current;
    for (const auto& key : keys) {
      auto same_key = [&](const json& existing) { return existing["Key"] == key; };
      table.tags.erase(std::remove_if(table.tags.begin(), table.tags.end(), same_key),
                       table.tags.end());
    }
    catalog_.update(db, std::move(table));
    return json::object();
  });
}

json DynamoDbService::ListTagsOfResource(const Call& call) {
  std::string name = table_name_in_arn(call.input);
  auto lock = context_.store.lock();
  TablePtr table = catalog_.find(call.account, call.region, name);
  if (!table)
    throw AwsError("ResourceNotFoundException", "Requested resource not found: ResourcArn: " +
                                                    call.input["ResourceArn"].get<std::string>() +
                                                    " not found");
  return {{"Tags", table->tags}};
}

json DynamoDbService::DescribeLimits(const Call&) {
  return {{"AccountMaxReadCapacityUnits", 80000},
          {"AccountMaxWriteCapacityUnits", 80000},
          {"TableMaxReadCapacityUnits", 40000},
          {"TableMaxWriteCapacityUnits", 40000}};
}

json DynamoDbService::DescribeEndpoints(const Call& call) {
  return {{"Endpoints", json::array({{{"Address", call.host}, {"CachePeriodInMinutes", 1440}}})}};
}

}  // namespace eddy::services::dynamodb
