#include "protocol/preserialized_json.hpp"

namespace eddy::protocol {
namespace {

// "J": no binary value a service returns carries a subtype.
constexpr std::uint64_t kPreserializedSubtype = 0x4a;

}  // namespace

json preserialized_json(std::string text) {
  return json::binary(json::binary_t::container_type(text.begin(), text.end()),
                      kPreserializedSubtype);
}

bool is_preserialized_json(const json& output) {
  if (!output.is_binary()) return false;
  const auto& bytes = output.get_binary();
  return bytes.has_subtype() && bytes.subtype() == kPreserializedSubtype;
}

std::string preserialized_text(const json& output) {
  const auto& bytes = output.get_binary();
  return std::string(bytes.begin(), bytes.end());
}

json materialized_json(json output) {
  if (!is_preserialized_json(output)) return output;
  return json::parse(preserialized_text(output));
}

void append_json_string(std::string& out, std::string_view text,
                        json::error_handler_t invalid_utf8) {
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x80 || c == '"' || c == '\\') {
      out += json(std::string(text)).dump(-1, ' ', false, invalid_utf8);
      return;
    }
  }
  out += '"';
  out += text;
  out += '"';
}

}  // namespace eddy::protocol
