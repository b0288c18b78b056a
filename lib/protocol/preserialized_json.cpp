#include "protocol/preserialized_json.hpp"

#include "core/json_text.hpp"

namespace eddy::protocol {
namespace {

// "J": no binary value a service returns carries a subtype.
constexpr std::uint64_t kPreserializedSubtype = 0x4a;

}  // namespace

json preserialized_json(std::string text) {
  // Copied as bytes, not char by char: a GetRecords answer is kilobytes.
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  return json::binary(json::binary_t::container_type(bytes, bytes + text.size()),
                      kPreserializedSubtype);
}

bool is_preserialized_json(const json& output) {
  if (!output.is_binary()) return false;
  const auto& bytes = output.get_binary();
  return bytes.has_subtype() && bytes.subtype() == kPreserializedSubtype;
}

std::string preserialized_text(const json& output) {
  const auto& bytes = output.get_binary();
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

json materialized_json(json output) {
  if (!is_preserialized_json(output)) return output;
  return json::parse(preserialized_text(output));
}

void append_json_string(std::string& out, std::string_view text,
                        json::error_handler_t invalid_utf8) {
  // ASCII is valid UTF-8 whatever it holds: only the escaping is left, done by hand, and most
  // text (names, types, numbers, ids) has nothing to escape and is copied whole after one scan.
  if (json_text::is_plain_ascii(text)) {
    out.push_back('"');
    out.append(text);
    out.push_back('"');
  } else if (json_text::is_ascii(text)) {
    json_text::append_string(out, text);
  } else {
    out += json(std::string(text)).dump(-1, ' ', false, invalid_utf8);
  }
}

}  // namespace eddy::protocol
