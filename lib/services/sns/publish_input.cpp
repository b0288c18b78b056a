#include "services/sns/publish_input.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "protocol/query_input.hpp"
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
  auto dot = rest.find('.');
  if (dot == std::string_view::npos) return false;
  std::string_view index = rest.substr(0, dot);
  std::string_view member = rest.substr(dot + 1);
  if (!protocol::is_plain_list_index(index)) return false;
  bool is_name = is(member, "Name");
  if (!is_name) {
    constexpr char kValue[] = "Value.";
    if (!begins(member, kValue)) return false;
    member.remove_prefix(sizeof kValue - 1);
    if (!is(member, "DataType") && !is(member, "StringValue") && !is(member, "BinaryValue"))
      return false;
  }
  auto entry = std::find_if(entries.begin(), entries.end(),
                            [&](const FormEntry& e) { return e.index == index; });
  if (entry == entries.end()) {
    entry = entries.insert(entries.end(), FormEntry{});
    entry->index = index;
  }
  if (is_name) {
    if (entry->name) return false;
    entry->name = value;
    return true;
  }
  return entry->value.emplace(std::string(member), value).second;
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

// Sets `out` from `value` the first time; a member given twice gives up (the json path keeps the
// last one).
bool first(std::optional<std::string>& out, const std::string& value) {
  if (out) return false;
  out = value;
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
      read = first(out.topic_arn, value);
    } else if (is(name, "Message")) {
      read = first(m.message, value);
    } else if (begins(name, kAttribute)) {
      read = read_entry_field(name.substr(sizeof kAttribute - 1), value, entries);
    } else if (is(name, "TargetArn")) {
      read = first(out.target_arn, value);
    } else if (is(name, "PhoneNumber")) {
      read = first(out.phone_number, value);
    } else if (is(name, "Subject")) {
      read = first(m.subject, value);
    } else if (is(name, "MessageStructure")) {
      read = first(m.structure, value);
    } else if (is(name, "MessageGroupId")) {
      read = first(m.group_id, value);
    } else if (is(name, "MessageDeduplicationId")) {
      read = first(m.deduplication_id, value);
    } else {
      read = false;
    }
    if (!read) return std::nullopt;
  }
  if (!take_attributes(entries, m.attributes)) return std::nullopt;
  return out;
}

}  // namespace eddy::services::sns
