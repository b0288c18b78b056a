#include "protocol/query_output.hpp"

#include "core/json_cursor.hpp"
#include "protocol/xml_writer.hpp"

#include <utility>
#include <vector>

namespace eddy::protocol {
namespace {

struct Context {
  const ServiceDescription& service;
  std::string_view operation;
};

void write_value(XmlWriter& xml, const Context& ctx, std::string_view name, const json& value);

std::string scalar_text(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  return value.dump();
}

void write_map_entry(XmlWriter& xml, const Context& ctx, std::string_view entry,
                     const XmlOutputRule& rule, const std::string& key, const json& value) {
  xml.open(entry);
  xml.element(rule.key_name, key);
  write_value(xml, ctx, rule.value_name, value);
  xml.close(entry);
}

void write_member(XmlWriter& xml, const Context& ctx, std::string_view name, const json& value) {
  const XmlOutputRule* rule = ctx.service.xml_rule(ctx.operation, name);
  if (!rule) {
    write_value(xml, ctx, name, value);
    return;
  }
  switch (rule->shape) {
    case XmlShape::flattened_list:
      for (const auto& item : value) write_value(xml, ctx, rule->element, item);
      break;
    case XmlShape::wrapped_list:
      xml.open(name);
      for (const auto& item : value) write_value(xml, ctx, rule->element, item);
      xml.close(name);
      break;
    case XmlShape::flattened_map:
      for (const auto& [key, item] : value.items())
        write_map_entry(xml, ctx, rule->element, *rule, key, item);
      break;
    case XmlShape::wrapped_map:
      xml.open(name);
      for (const auto& [key, item] : value.items())
        write_map_entry(xml, ctx, rule->element, *rule, key, item);
      xml.close(name);
      break;
  }
}

void write_value(XmlWriter& xml, const Context& ctx, std::string_view name, const json& value) {
  if (value.is_null()) return;
  if (value.is_object()) {
    xml.open(name);
    for (const auto& [key, member] : value.items()) write_member(xml, ctx, key, member);
    xml.close(name);
  } else if (value.is_array()) {
    xml.open(name);
    for (const auto& item : value) write_value(xml, ctx, "member", item);
    xml.close(name);
  } else {
    xml.element(name, scalar_text(value));
  }
}

// The answer's envelope: <{operation}Response> holding `write_result`'s output (the
// <{operation}Result> element, or nothing) and the request id.
template <class WriteResult>
std::string result_envelope(XmlWriter& xml, const ServiceDescription& service,
                            std::string_view operation, std::string_view request_id,
                            WriteResult write_result) {
  std::string response = std::string(operation) + "Response";
  xml.open(response, service.xml_namespace);
  write_result(std::string(operation) + "Result");
  xml.open("ResponseMetadata");
  xml.element("RequestId", request_id);
  xml.close("ResponseMetadata");
  xml.close(response);
  return xml.take();
}

}  // namespace

std::string query_result_xml(const ServiceDescription& service, std::string_view operation,
                             const json& output, std::string_view request_id) {
  XmlWriter xml;
  return result_envelope(xml, service, operation, request_id, [&](const std::string& result) {
    bool has_members = output.is_object() && !output.empty();
    if (!has_members && !service.empty_result_operations.contains(operation)) return;
    Context ctx{service, operation};
    xml.open(result);
    for (const auto& [key, member] : output.items()) write_member(xml, ctx, key, member);
    xml.close(result);
  });
}

std::optional<std::string> flat_result_xml(const ServiceDescription& service,
                                           std::string_view operation, std::string_view json_text,
                                           std::string_view request_id) {
  // Members as views of the text: a string of printable ASCII with no escape is its own value.
  std::vector<std::pair<std::string_view, std::string_view>> members;
  members.reserve(8);
  JsonCursor cursor(json_text);
  if (!cursor.take('{')) return std::nullopt;
  do {
    std::string_view name, value;
    if (!cursor.read_plain_string(name) || !cursor.take(':') || !cursor.read_plain_string(value))
      return std::nullopt;
    if (!members.empty() && name <= members.back().first) return std::nullopt;
    if (service.xml_rule(operation, name)) return std::nullopt;
    members.emplace_back(name, value);
  } while (cursor.take(','));
  if (!cursor.take('}') || !cursor.at_end()) return std::nullopt;

  std::size_t size = 160 + 2 * operation.size() + request_id.size() + json_text.size();
  for (const auto& member : members) size += member.first.size();
  XmlWriter xml(size);
  return result_envelope(xml, service, operation, request_id, [&](const std::string& result) {
    xml.open(result);
    for (const auto& [name, value] : members) xml.element(name, value);
    xml.close(result);
  });
}

std::string query_error_xml(std::string_view xml_namespace, const AwsError& error,
                            std::string_view request_id) {
  XmlWriter xml;
  xml.open("ErrorResponse", xml_namespace);
  xml.open("Error");
  xml.element("Type", error.sender_fault() ? "Sender" : "Receiver");
  xml.element("Code", error.query_code());
  xml.element("Message", error.query_message());
  xml.close("Error");
  xml.element("RequestId", request_id);
  xml.close("ErrorResponse");
  return xml.take();
}

}  // namespace eddy::protocol
