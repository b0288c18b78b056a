#include "services/dynamodb/item_request_text.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "core/json_text.hpp"
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
  explicit RequestTextReader(std::string_view body)
      : at_(body.data()), end_(body.data() + body.size()) {}

  std::optional<ItemRequestText> read(const ItemRequestShape& shape) {
    ItemRequestText out;
    bool have_table = false, have_item = false;
    // Every member's name, to find one repeated: a request has few.
    std::array<std::string_view, 16> seen;
    std::size_t seen_count = 0;
    std::string& others = out.others_text;
    if (!take('{')) return std::nullopt;
    if (!take('}')) {
      do {
        std::string_view name;
        if (!read_plain_string(name) || !take(':')) return std::nullopt;
        auto seen_end = seen.begin() + static_cast<std::ptrdiff_t>(seen_count);
        if (seen_count == seen.size() || std::find(seen.begin(), seen_end, name) != seen_end)
          return std::nullopt;
        seen[seen_count++] = name;
        if (name == "TableName") {
          std::string_view table_name;
          if (!read_plain_string(table_name)) return std::nullopt;
          out.table_name = std::string(table_name);
          have_table = true;
        } else if (name == shape.item_member) {
          std::optional<ItemText> item = read_item_text(at_, end_, shape.with_stored_text);
          if (!item) return std::nullopt;
          out.item = std::move(*item);
          have_item = true;
        } else if (std::find(shape.other_members.begin(), shape.other_members.end(), name) !=
                   shape.other_members.end()) {
          skip_space();
          const char* start = at_;
          if (!skip_value()) return std::nullopt;
          if (others.empty()) others.reserve(static_cast<std::size_t>(end_ - at_) + 32);
          others += others.empty() ? '{' : ',';
          others += '"';
          others += name;
          others += "\":";
          others.append(start, at_);
        } else {
          return std::nullopt;
        }
      } while (take(','));
      if (!take('}')) return std::nullopt;
    }
    skip_space();
    if (at_ != end_ || !have_table || !have_item) return std::nullopt;
    if (!others.empty()) others += '}';
    return out;
  }

 private:
  void skip_space() {
    while (at_ != end_ && (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) ++at_;
  }

  bool take(char c) {
    skip_space();
    if (at_ == end_ || *at_ != c) return false;
    ++at_;
    return true;
  }

  // A member name or a table name: printable ASCII, nothing escaped (table names are
  // [a-zA-Z0-9_.-]; anything else takes the json path and its checks).
  bool read_plain_string(std::string_view& out) {
    skip_space();
    if (at_ == end_ || *at_ != '"') return false;
    const char* start = ++at_;
    at_ +=
        json_text::plain_ascii_prefix(std::string_view(at_, static_cast<std::size_t>(end_ - at_)));
    if (at_ == end_ || *at_ != '"') return false;
    out = std::string_view(start, static_cast<std::size_t>(at_ - start));
    ++at_;
    return true;
  }

  // Past one JSON value, without checking it: the members' object built from it is parsed, and a
  // malformed value fails that parse.
  bool skip_value() {
    int depth = 0;
    while (at_ != end_) {
      char c = *at_;
      if (c == '"') {
        // Most of a string goes by eight bytes at a time; an escape skips the byte after it.
        for (++at_; at_ != end_; ++at_) {
          at_ += json_text::plain_ascii_prefix(
              std::string_view(at_, static_cast<std::size_t>(end_ - at_)));
          if (at_ == end_ || *at_ == '"') break;
          if (*at_ == '\\' && ++at_ == end_) return false;
        }
        if (at_ == end_) return false;
        ++at_;
      } else if (c == '{' || c == '[') {
        ++depth;
        ++at_;
      } else if (c == '}' || c == ']') {
        if (depth == 0) return true;  // the end of the request's object, after a scalar
        --depth;
        ++at_;
      } else if (c == ',' && depth == 0) {
        return true;
      } else {
        ++at_;
      }
      if (depth == 0 && (c == '"' || c == '}' || c == ']')) return true;
    }
    return depth == 0;
  }

  const char* at_;
  const char* end_;
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
