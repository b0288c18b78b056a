#include "services/sns/publish_input.hpp"

#include <cstring>
#include <vector>

#include "protocol/form_readers.hpp"
#include "services/sns/sns_input.hpp"

namespace eddy::services::sns {
namespace {

// `name == literal`, its bytes compared by memcmp of the literal's constant length, which the
// compiler writes inline: string_view's == called out to compare() for every name of that length.
template <std::size_t N>
bool is(std::string_view name, const char (&literal)[N]) {
  return name.size() == N - 1 && std::memcmp(name.data(), literal, N - 1) == 0;
}

// `name.starts_with(literal)` the same way.
template <std::size_t N>
bool begins(std::string_view name, const char (&literal)[N]) {
  return name.size() >= N - 1 && std::memcmp(name.data(), literal, N - 1) == 0;
}

// One MessageAttributes.entry.N as its fields arrive, in any order.
struct FormEntry {
  std::string_view index;
  std::optional<std::string> name;
  json value = json::object();  // the members of Value given
};

// `rest`: what follows "MessageAttributes.entry." in a field's name, "N.Name" or
// "N.Value.<member>".
bool read_entry_field(std::string_view rest, const std::string& value,
                      std::vector<FormEntry>& entries) {
  std::optional<protocol::ListField> field = protocol::split_list_field(rest);
  if (!field) return false;
  std::string_view member = field->member;
  bool is_name = is(member, "Name");
  if (!is_name) {
    constexpr char kValue[] = "Value.";
    if (!begins(member, kValue)) return false;
    member.remove_prefix(sizeof kValue - 1);
    if (!is(member, "DataType") && !is(member, "StringValue") && !is(member, "BinaryValue"))
      return false;
  }
  FormEntry& entry = protocol::list_entry(entries, field->index);
  if (is_name) return protocol::take_first(entry.name, value);
  return entry.value.emplace(std::string(member), value).second;
}

// The entries as the json value's map holds them: each needs its name and a value member (the
// json path drops an entry without a name and makes "" of a missing value); no name twice.
bool take_attributes(std::vector<FormEntry>& entries, json& out) {
  for (auto& entry : entries) {
    if (!entry.name || entry.value.empty()) return false;
    if (!out.emplace(std::move(*entry.name), std::move(entry.value)).second) return false;
  }
  return true;
}

}  // namespace

MessageInput MessageInput::read(const json& input) {
  MessageInput m;
  m.message = optional_text(input, "Message");
  m.subject = optional_text(input, "Subject");
  m.structure = optional_text(input, "MessageStructure");
  if (auto it = input.find("MessageAttributes"); it != input.end() && it->is_object())
    m.attributes = *it;
  m.group_id = optional_text(input, "MessageGroupId");
  m.deduplication_id = optional_text(input, "MessageDeduplicationId");
  return m;
}

PublishInput PublishInput::read(const json& input) {
  PublishInput p;
  p.message = MessageInput::read(input);
  p.topic_arn = optional_text(input, "TopicArn");
  p.target_arn = optional_text(input, "TargetArn");
  p.phone_number = optional_text(input, "PhoneNumber");
  return p;
}

std::optional<PublishInput> read_publish_form(const protocol::FormFields& fields) {
  constexpr char kAttribute[] = "MessageAttributes.entry.";
  PublishInput out;
  MessageInput& m = out.message;
  std::vector<FormEntry> entries;
  for (const auto& [field_name, value] : fields) {
    std::string_view name = field_name;
    bool read = true;
    if (is(name, "Action") || is(name, "Version")) {
      // Not members: decode has taken them.
    } else if (is(name, "TopicArn")) {
      read = protocol::take_first(out.topic_arn, value);
    } else if (is(name, "Message")) {
      read = protocol::take_first(m.message, value);
    } else if (begins(name, kAttribute)) {
      read = read_entry_field(name.substr(sizeof kAttribute - 1), value, entries);
    } else if (is(name, "TargetArn")) {
      read = protocol::take_first(out.target_arn, value);
    } else if (is(name, "PhoneNumber")) {
      read = protocol::take_first(out.phone_number, value);
    } else if (is(name, "Subject")) {
      read = protocol::take_first(m.subject, value);
    } else if (is(name, "MessageStructure")) {
      read = protocol::take_first(m.structure, value);
    } else if (is(name, "MessageGroupId")) {
      read = protocol::take_first(m.group_id, value);
    } else if (is(name, "MessageDeduplicationId")) {
      read = protocol::take_first(m.deduplication_id, value);
    } else {
      read = false;
    }
    if (!read) return std::nullopt;
  }
  if (!take_attributes(entries, m.attributes)) return std::nullopt;
  return out;
}

}  // namespace eddy::services::sns
