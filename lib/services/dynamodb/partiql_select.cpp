// ExecuteStatement's SELECT: a Query of each partition the WHERE pins down (in the order it lists
// them), or a Scan when it pins none, one page at a time through the Query and Scan page reader;
// the WHERE filters what is read and the projection shapes it. NextToken says where the next
// page starts and is bound to the statement and parameters it came from.
#include <algorithm>
#include <set>

#include "core/base64.hpp"
#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/dynamodb_service.hpp"
#include "services/dynamodb/item_pages.hpp"
#include "services/dynamodb/item_request.hpp"
#include "services/dynamodb/partiql/partiql_statement.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/values/key_encoding.hpp"

namespace eddy::services::dynamodb {
namespace {

// Where a SELECT's next page starts: a partition, by its place in the list the WHERE pins, and
// the last key read in it (none: from its start).
struct SelectPosition {
  std::size_t partition = 0;
  std::optional<json> last_key;
};

std::string next_token_of(const SelectPosition& position, const std::string& request_hash) {
  json token = {{"request", request_hash}, {"partition", position.partition}};
  if (position.last_key) token["key"] = *position.last_key;
  return base64::encode(token.dump());
}

SelectPosition position_of(const json& next_token, const std::string& request_hash) {
  SelectPosition position;
  if (next_token.is_null()) return position;
  if (!next_token.is_string()) throw errors::serialization();
  auto invalid = [] { return errors::validation("Invalid NextToken"); };
  std::optional<std::string> text = base64::decode(next_token.get_ref<const std::string&>());
  if (!text) throw invalid();
  json token = json::parse(*text, nullptr, false);
  if (!token.is_object() || !token.contains("request") || !token.contains("partition") ||
      !token["partition"].is_number_unsigned() ||
      (token.contains("key") && !token["key"].is_object()))
    throw invalid();
  if (token["request"] != request_hash)
    throw errors::validation("NextToken does not match request");
  position.partition = token["partition"].get<std::size_t>();
  if (token.contains("key")) position.last_key = token["key"];
  return position;
}

const SecondaryIndex* select_index(const Table& table, const partiql::Statement& statement,
                                   bool consistent) {
  if (!statement.index) return nullptr;
  const SecondaryIndex* index = table.find_index(*statement.index);
  if (!index)
    throw errors::validation("The table does not have the specified index: " + *statement.index);
  if (consistent && index->global)
    throw errors::validation(
        "Strongly consistent read is not supported on Global Secondary Indexes");
  return index;
}

// The partitions to read, in the order to read them: as the WHERE lists them (each once, values
// of another type than the key's matching nothing), or sorted when ORDER BY names the partition
// key. Answers whether the sort key is walked forward.
bool order_partitions(const Table& table, const KeySchemaNames& schema,
                      const partiql::Statement& statement, std::vector<json>& partitions) {
  std::vector<json> listed = std::move(partitions);
  partitions.clear();
  std::set<std::string> seen;
  for (auto& value : listed)
    if (attribute_type(value) == table.type_of(schema.hash) &&
        seen.insert(encode_key_value(value)).second)
      partitions.push_back(std::move(value));
  if (statement.order_by.empty()) return true;
  if (listed.empty())
    throw errors::validation(
        "Must have at least one non-optional hash key condition in WHERE clause when using ORDER "
        "BY clause.");
  bool forward = true;
  std::optional<bool> hash_descending;
  for (const auto& ordering : statement.order_by) {
    const auto* name =
        ordering.path.size() == 1 ? std::get_if<std::string>(&ordering.path[0]) : nullptr;
    if (name && *name == schema.hash) {
      hash_descending = ordering.descending;
    } else if (name && schema.range && *name == *schema.range) {
      forward = !ordering.descending;
    } else {
      throw errors::validation("Variable reference " + path_to_string(ordering.path) +
                               " in ORDER BY clause must be part of the primary key");
    }
  }
  if (listed.size() > 1 && !hash_descending)
    throw errors::validation(
        "Must have hash key in ORDER BY clause when more than one hash key condition specified "
        "in WHERE clause.");
  if (hash_descending)
    std::sort(partitions.begin(), partitions.end(), [&](const json& a, const json& b) {
      return *hash_descending ? encode_key_value(b) < encode_key_value(a)
                              : encode_key_value(a) < encode_key_value(b);
    });
  return forward;
}

}  // namespace

json DynamoDbService::select_statement(const Call& call, const partiql::Statement& statement,
                                       const std::string& request_hash) {
  const json& input = call.input;
  std::optional<std::int64_t> limit = read_limit(input);
  bool consistent = read_consistent(input);
  CapacityDetail detail = read_capacity_detail(input);
  SelectPosition position = position_of(input.value("NextToken", json()), request_hash);

  TablePtr table = find_table(call, json(statement.table));
  const SecondaryIndex* index = select_index(*table, statement, consistent);
  const KeySchemaNames& schema = index ? index->keys : table->keys;
  std::vector<json> partitions = statement.fixed_values(schema.hash);
  bool pinned = !partitions.empty();
  bool forward = order_partitions(*table, schema, statement, partitions);

  PageRequest base;
  base.table = table.get();
  base.index = index;
  base.range.table_id = table->id;
  if (index) base.range.index_name = index->name;
  base.range.forward = forward;
  base.select = index ? Select::all_projected_attributes : Select::all_attributes;
  base.consistent = consistent;
  if (statement.where)
    base.where = [&statement](const json& item) { return statement.where->matches(item); };
  auto start_after = [&](bool with_hash) {
    return start_position(*table, index, checked_start_key(*table, index, *position.last_key),
                          with_hash);
  };

  json items = json::array();
  ConsumedCapacity capacity;
  std::optional<SelectPosition> next;
  auto take = [&](Page& page) {
    for (auto& item : page.items) items.push_back(statement.project(item));
    capacity.add(page.capacity);
  };
  if (!pinned) {
    PageRequest request = base;
    request.limit = limit;
    if (position.last_key) request.range.after = start_after(false);
    Page page = read_page(context_.store, request);
    take(page);
    if (page.last_evaluated_key) next = SelectPosition{0, page.last_evaluated_key};
  } else {
    // A sort key pinned to one value narrows each partition's walk to it.
    std::optional<std::string> sort_value;
    if (schema.range) {
      std::vector<json> sorts = statement.fixed_values(*schema.range);
      if (sorts.size() == 1 && attribute_type(sorts[0]) == table->type_of(*schema.range))
        sort_value = encode_key_value(sorts[0]);
    }
    std::int64_t read = 0;
    std::int64_t bytes = 0;
    for (std::size_t p = position.partition; p < partitions.size(); ++p) {
      if ((limit && read >= *limit) || bytes >= kPageBytes) {
        next = SelectPosition{p, std::nullopt};
        break;
      }
      PageRequest request = base;
      request.range.hash = encode_key_value(partitions[p]);
      if (sort_value) {
        request.range.lower = {*sort_value, true};
        request.range.upper = {*sort_value, true};
      }
      if (limit) request.limit = *limit - read;
      request.max_bytes = kPageBytes - bytes;
      if (p == position.partition && position.last_key) request.range.after = start_after(true);
      Page page = read_page(context_.store, request);
      read += page.scanned;
      bytes += page.bytes;
      take(page);
      if (page.last_evaluated_key) {
        next = SelectPosition{p, page.last_evaluated_key};
        break;
      }
    }
  }

  json out = {{"Items", std::move(items)}};
  if (next) {
    out["NextToken"] = next_token_of(*next, request_hash);
    if (next->last_key) out["LastEvaluatedKey"] = *next->last_key;
  }
  if (detail != CapacityDetail::none) out["ConsumedCapacity"] = capacity.to_json(*table, detail);
  return out;
}

}  // namespace eddy::services::dynamodb
