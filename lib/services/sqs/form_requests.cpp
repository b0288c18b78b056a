#include "services/sqs/form_requests.hpp"

#include <algorithm>
#include <cstdint>

#include "core/input.hpp"
#include "protocol/form_readers.hpp"

namespace eddy::services::sqs {
namespace {

using message_attributes::AttributeParts;

// One MessageAttribute.N / MessageSystemAttribute.N entry as its fields arrive, in any order.
struct FormAttribute {
  std::string_view index;
  AttributeParts parts;
  unsigned seen = 0;  // bits: which of name and the three value members were given
};

enum : unsigned { kName = 1, kDataType = 2, kStringValue = 4, kBinaryValue = 8 };

// `rest`: what follows "MessageAttribute." in a field's name, "N.Name" or "N.Value.<member>".
bool read_attribute_field(std::string_view rest, const std::string& value,
                          std::vector<FormAttribute>& entries) {
  std::optional<protocol::ListField> field = protocol::split_list_field(rest);
  if (!field) return false;
  std::string_view member = field->member;
  unsigned bit = 0;
  std::string AttributeParts::*target = nullptr;
  if (member == "Name") {
    bit = kName;
    target = &AttributeParts::name;
  } else if (member == "Value.DataType") {
    bit = kDataType;
    target = &AttributeParts::data_type;
  } else if (member == "Value.StringValue") {
    bit = kStringValue;
    target = &AttributeParts::string_value;
  } else if (member == "Value.BinaryValue") {
    bit = kBinaryValue;
    target = &AttributeParts::binary_value;
  } else {
    return false;
  }
  FormAttribute& entry = protocol::list_entry(entries, field->index);
  if (entry.seen & bit) return false;
  entry.seen |= bit;
  entry.parts.*target = value;
  return true;
}

// The entries as the JSON reader holds a map: in byte order of the names, no name twice. Each
// entry needs its name and a value (the json path answers one without).
bool take_attributes(std::vector<FormAttribute>& entries, std::vector<AttributeParts>& out) {
  for (auto& entry : entries) {
    if (!(entry.seen & kName) || entry.seen == kName) return false;
    out.push_back(std::move(entry.parts));
  }
  std::sort(out.begin(), out.end(),
            [](const AttributeParts& a, const AttributeParts& b) { return a.name < b.name; });
  return std::adjacent_find(out.begin(), out.end(), [](const auto& a, const auto& b) {
           return a.name == b.name;
         }) == out.end();
}

}  // namespace

std::optional<SendMessageText> read_send_message_form(const protocol::FormFields& fields) {
  constexpr std::string_view kAttribute = "MessageAttribute.";
  constexpr std::string_view kSystemAttribute = "MessageSystemAttribute.";
  std::optional<std::string> url, body, group, dedup;
  std::optional<std::int64_t> delay;
  std::vector<FormAttribute> attributes, system_attributes;
  for (const auto& [field_name, value] : fields) {
    // Compared as a view: its length first, where a std::string against a literal measures the
    // literal and compares bytes every time.
    std::string_view name = field_name;
    bool read = true;
    if (name == "Action" || name == "Version") {
      // Not members: decode has taken them.
    } else if (name == "QueueUrl") {
      read = protocol::take_first(url, value);
    } else if (name == "MessageBody") {
      read = protocol::take_first(body, value);
    } else if (name == "MessageGroupId") {
      read = protocol::take_first(group, value);
    } else if (name == "MessageDeduplicationId") {
      read = protocol::take_first(dedup, value);
    } else if (name == "DelaySeconds") {
      // query_fields_to_json makes an integer of what input::integer reads, and leaves the rest
      // text for the json path to refuse.
      read = !delay && (delay = eddy::input::integer(std::string_view(value))).has_value();
    } else if (name.starts_with(kAttribute)) {
      read = read_attribute_field(name.substr(kAttribute.size()), value, attributes);
    } else if (name.starts_with(kSystemAttribute)) {
      read = read_attribute_field(name.substr(kSystemAttribute.size()), value, system_attributes);
    } else {
      read = false;
    }
    if (!read) return std::nullopt;
  }
  if (!url || !body) return std::nullopt;
  SendMessageText out;
  out.queue_url = std::move(*url);
  out.body = std::move(*body);
  out.delay_seconds = delay;
  out.group_id = std::move(group);
  out.dedup_id = std::move(dedup);
  if (!take_attributes(attributes, out.attributes) ||
      !take_attributes(system_attributes, out.system_attributes))
    return std::nullopt;
  return out;
}

}  // namespace eddy::services::sqs
