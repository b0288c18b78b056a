#include "services/dynamodb/item_request_text.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "core/json_cursor.hpp"
#include "eddy/aws_error.hpp"
#include "protocol/json_input.hpp"

namespace eddy::services::dynamodb {

const ItemRequestShape kPutItemTextShape{
    "Item",
    true,
    {"ConditionExpression", "ConditionalOperator", "Expected", "ExpressionAttributeNames",
     "ExpressionAttributeValues", "ReturnConsumedCapacity", "ReturnItemCollectionMetrics",
     "ReturnValues", "ReturnValuesOnConditionCheckFailure"}};

const ItemRequestShape kGetItemTextShape{
    "Key",
    false,
    {"AttributesToGet", "ConsistentRead", "ExpressionAttributeNames", "ProjectionExpression",
     "ReturnConsumedCapacity"}};

const ItemRequestShape kUpdateItemTextShape{
    "Key",
    true,
    {"AttributeUpdates", "ConditionExpression", "ConditionalOperator", "Expected",
     "ExpressionAttributeNames", "ExpressionAttributeValues", "ReturnConsumedCapacity",
     "ReturnItemCollectionMetrics", "ReturnValues", "ReturnValuesOnConditionCheckFailure",
     "UpdateExpression"}};

namespace {

class RequestTextReader {
 public:
  explicit RequestTextReader(std::string_view body) : cursor_(body) {}

  std::optional<ItemRequestText> read(const ItemRequestShape& shape) {
    ItemRequestText out;
    bool have_table = false, have_item = false;
    // Every member's name, to find one repeated: a request has few.
    std::array<std::string_view, 16> seen;
    std::size_t seen_count = 0;
    std::string& others = out.others_text;
    if (!cursor_.take('{')) return std::nullopt;
    if (!cursor_.take('}')) {
      do {
        std::string_view name;
        if (!cursor_.read_plain_string(name) || !cursor_.take(':')) return std::nullopt;
        auto seen_end = seen.begin() + static_cast<std::ptrdiff_t>(seen_count);
        if (seen_count == seen.size() || std::find(seen.begin(), seen_end, name) != seen_end)
          return std::nullopt;
        seen[seen_count++] = name;
        if (name == "TableName") {
          // Table names are [a-zA-Z0-9_.-]; anything else takes the json path and its checks.
          std::string_view table_name;
          if (!cursor_.read_plain_string(table_name)) return std::nullopt;
          out.table_name = std::string(table_name);
          have_table = true;
        } else if (name == shape.item_member) {
          if (!read_item(out.item, shape.with_stored_text)) return std::nullopt;
          have_item = true;
        } else if (std::find(shape.other_members.begin(), shape.other_members.end(), name) !=
                   shape.other_members.end()) {
          // Not checked here: the members' object built from it is parsed, and a malformed value
          // fails that parse.
          cursor_.skip_space();
          const char* start = cursor_.position();
          if (!cursor_.skip_value()) return std::nullopt;
          if (others.empty()) others.reserve(cursor_.rest().size() + 32);
          others += others.empty() ? '{' : ',';
          others += '"';
          others += name;
          others += "\":";
          others.append(start, cursor_.position());
        } else {
          return std::nullopt;
        }
      } while (cursor_.take(','));
      if (!cursor_.take('}')) return std::nullopt;
    }
    if (!cursor_.at_end() || !have_table || !have_item) return std::nullopt;
    if (!others.empty()) others += '}';
    return out;
  }

 private:
  bool read_item(ItemText& out, bool with_stored_text) {
    std::optional<ItemText> item = read_item_text(cursor_, with_stored_text);
    if (!item) return false;
    out = std::move(*item);
    return true;
  }

  JsonCursor cursor_;
};

}  // namespace

json other_members_json(const ItemRequestText& request, std::string_view body) {
  if (request.others_text.empty()) return json::object();
  try {
    return protocol::parse_json_input(request.others_text);
  } catch (const AwsError&) {
    // Each member's text is as the request has it: the body is malformed too, and its parse
    // gives AWS's error for it.
    protocol::parse_json_input(body);
    throw;
  }
}

std::optional<ItemRequestText> read_item_request_text(std::string_view body,
                                                      const ItemRequestShape& shape) {
  return RequestTextReader(body).read(shape);
}

}  // namespace eddy::services::dynamodb
