// Query (one partition, a range of sort keys) and Scan (everything, or one segment of it), on a
// table or one of its secondary indexes.
#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/dynamodb_service.hpp"
#include "services/dynamodb/item_pages.hpp"
#include "services/dynamodb/item_request.hpp"
#include "services/dynamodb/stored_text_page.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/values/key_encoding.hpp"

namespace eddy::services::dynamodb {
namespace {

const SecondaryIndex* index_for(const Table& table, const json& input, bool consistent) {
  auto it = input.find("IndexName");
  if (it == input.end() || it->is_null()) return nullptr;
  std::string name = it->is_string() ? it->get<std::string>() : it->dump();
  const SecondaryIndex* index = table.find_index(name);
  if (!index) throw errors::validation("The table does not have the specified index: " + name);
  if (consistent && index->global)
    throw errors::validation("Consistent reads are not supported on global secondary indexes");
  return index;
}

// The member, or null when it is absent or null: one look-up where contains() and [] took two.
const json* given_member(const json& input, const char* name) {
  auto it = input.find(name);
  return it == input.end() || it->is_null() ? nullptr : &*it;
}

// An expression member's text ("" when it is not a string, which the parser rejects).
std::string_view expression_text(const json& member) {
  return member.is_string() ? std::string_view(member.get_ref<const std::string&>()) : "";
}

std::optional<Condition> read_filter(const json& input, ExpressionAttributes& attributes,
                                     const char* legacy_member) {
  if (const json* text = given_member(input, "FilterExpression"))
    return Condition::parse(expression_text(*text), attributes, "FilterExpression");
  if (const json* legacy = given_member(input, legacy_member))
    return Condition::from_legacy(*legacy, input.value("ConditionalOperator", "AND"),
                                  legacy_member);
  return std::nullopt;
}

bool forward_of(const json& input) {
  auto it = input.find("ScanIndexForward");
  return it == input.end() || !it->is_boolean() || it->get<bool>();
}

// The bytes range a sort key condition covers.
void apply_sort_condition(item_table::KeyRange& range, const SortKeyCondition& sort) {
  std::string value = encode_key_value(sort.value);
  switch (sort.op) {
    case SortKeyOperator::eq:
      range.lower = {value, true};
      range.upper = {value, true};
      break;
    case SortKeyOperator::lt:
      range.upper = {value, false};
      break;
    case SortKeyOperator::le:
      range.upper = {value, true};
      break;
    case SortKeyOperator::gt:
      range.lower = {value, false};
      break;
    case SortKeyOperator::ge:
      range.lower = {value, true};
      break;
    case SortKeyOperator::between:
      range.lower = {value, true};
      range.upper = {encode_key_value(*sort.upper), true};
      break;
    case SortKeyOperator::begins_with: {
      range.lower = {value, true};
      std::string bound = prefix_upper_bound(sort.value);
      if (!bound.empty()) range.upper = {bound, false};
      break;
    }
  }
}

// FNV-1a of the encoded partition key: a stable spread of partitions over scan segments.
std::uint64_t segment_hash(std::string_view bytes) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : bytes) hash = (hash ^ c) * 1099511628211ULL;
  return hash;
}

}  // namespace

json DynamoDbService::Query(const Call& call) {
  const json& input = call.input;
  const json& table_name = required_member(input, "TableName", "tableName");
  check_expression_parameters(
      input, {"ProjectionExpression", "FilterExpression", "KeyConditionExpression"},
      {"AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"});
  const json* key_expression = given_member(input, "KeyConditionExpression");
  const json* key_conditions = given_member(input, "KeyConditions");
  if (!key_expression && !key_conditions)
    throw errors::validation(
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
        "request.");
  std::optional<std::int64_t> limit = read_limit(input);
  bool consistent = read_consistent(input);
  CapacityDetail detail = read_capacity_detail(input);

  // The lock is held to find the table and to read the rows, not to parse, filter or answer.
  TablePtr table = find_table(call, table_name);
  const SecondaryIndex* index = index_for(*table, input, consistent);
  const KeySchemaNames& schema = index ? index->keys : table->keys;
  ExpressionAttributes attributes(input);
  std::optional<Projection> projection = read_projection(input, attributes);
  std::optional<Condition> filter = read_filter(input, attributes, "QueryFilter");
  KeyCondition key_condition =
      key_expression ? KeyCondition::parse(expression_text(*key_expression), attributes, schema)
                     : KeyCondition::from_legacy(*key_conditions, schema);
  attributes.check_all_used();
  auto type_mismatch = [] {
    return errors::invalid_parameter("Condition parameter type does not match schema type");
  };
  if (attribute_type(key_condition.hash_value) != table->type_of(schema.hash))
    throw type_mismatch();
  if (key_condition.sort) {
    const std::string& type = table->type_of(*schema.range);
    if (attribute_type(key_condition.sort->value) != type ||
        (key_condition.sort->upper && attribute_type(*key_condition.sort->upper) != type))
      throw type_mismatch();
  }
  if (filter) {
    // A Query's filter may not name the key it queries by.
    for (const auto& path : filter->paths()) {
      const auto& top = std::get<std::string>(path.front());
      if (top == schema.hash || (schema.range && top == *schema.range))
        throw errors::validation(
            std::string(input.contains("FilterExpression") ? "Filter Expression" : "QueryFilter") +
            " can only contain non-primary key attributes: Primary key "
            "attribute: " +
            top);
    }
  }
  Select select = read_select(input, *table, index, projection.has_value());

  PageRequest request;
  request.table = table.get();
  request.index = index;
  request.range.table_id = table->id;
  if (index) request.range.index_name = index->name;
  request.range.hash = encode_key_value(key_condition.hash_value);
  request.range.forward = forward_of(input);
  if (key_condition.sort) {
    apply_sort_condition(request.range, *key_condition.sort);
  }
  if (const json* start_key = given_member(input, "ExclusiveStartKey")) {
    json start = checked_start_key(*table, index, *start_key);
    if (!attribute_values_equal(start.at(schema.hash), key_condition.hash_value))
      throw errors::validation(
          "The provided starting key is outside query boundaries based on provided conditions");
    request.range.after = start_position(*table, index, start, true);
  }
  request.filter = filter ? &*filter : nullptr;
  request.projection = projection ? &*projection : nullptr;
  request.limit = limit;
  request.select = select;
  request.consistent = consistent;
  if (answers_as_stored_text(request))
    return read_stored_text_page(context_.store, request, detail);
  return page_output(read_page(context_.store, request), *table, select, detail);
}

json DynamoDbService::Scan(const Call& call) {
  const json& input = call.input;
  const json& table_name = required_member(input, "TableName", "tableName");
  check_expression_parameters(input, {"ProjectionExpression", "FilterExpression"},
                              {"AttributesToGet", "ScanFilter", "ConditionalOperator"});
  const json& segment_member = input.value("Segment", json());
  const json& total_member = input.value("TotalSegments", json());
  std::optional<std::int64_t> segment, total;
  if (!total_member.is_null()) {
    total = total_member.is_number_integer() ? total_member.get<std::int64_t>() : 0;
    if (*total < 1 || *total > 1000000)
      throw errors::validation(
          "1 validation error detected: Value '" + std::to_string(*total) +
          "' at 'totalSegments' failed to satisfy constraint: Member must "
          "have value " +
          (*total < 1 ? "greater than or equal to 1" : "less than or equal to 1000000"));
  }
  if (!segment_member.is_null()) {
    segment = segment_member.is_number_integer() ? segment_member.get<std::int64_t>() : -1;
    if (*segment < 0)
      throw errors::validation("1 validation error detected: Value '" + std::to_string(*segment) +
                               "' at 'segment' failed to satisfy constraint: Member must have "
                               "value greater than or equal to 0");
  }
  if (segment && !total)
    throw errors::validation(
        "The TotalSegments parameter is required but was not present in the request when Segment "
        "parameter is present");
  if (total && !segment)
    throw errors::validation(
        "The Segment parameter is required but was not present in the request when parameter "
        "TotalSegments is present");
  if (segment && *segment >= *total)
    throw errors::validation(
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
        "Segment: " +
        std::to_string(*segment) +
        " is out of bounds for TotalSegments: " + std::to_string(*total));
  std::optional<std::int64_t> limit = read_limit(input);
  bool consistent = read_consistent(input);
  CapacityDetail detail = read_capacity_detail(input);

  TablePtr table = find_table(call, table_name);
  const SecondaryIndex* index = index_for(*table, input, consistent);
  ExpressionAttributes attributes(input);
  std::optional<Projection> projection = read_projection(input, attributes);
  std::optional<Condition> filter = read_filter(input, attributes, "ScanFilter");
  attributes.check_all_used();
  Select select = read_select(input, *table, index, projection.has_value());

  PageRequest request;
  request.table = table.get();
  request.index = index;
  request.range.table_id = table->id;
  if (index) request.range.index_name = index->name;
  if (const json* start_key = given_member(input, "ExclusiveStartKey")) {
    json start = checked_start_key(*table, index, *start_key);
    request.range.after = start_position(*table, index, start, false);
  }
  if (total && *total > 1) {
    auto count = static_cast<std::uint64_t>(*total);
    auto mine = static_cast<std::uint64_t>(*segment);
    request.in_segment = [count, mine](std::string_view hash) {
      return segment_hash(hash) % count == mine;
    };
  }
  request.filter = filter ? &*filter : nullptr;
  request.projection = projection ? &*projection : nullptr;
  request.limit = limit;
  request.select = select;
  request.consistent = consistent;
  if (answers_as_stored_text(request))
    return read_stored_text_page(context_.store, request, detail);
  return page_output(read_page(context_.store, request), *table, select, detail);
}

}  // namespace eddy::services::dynamodb
