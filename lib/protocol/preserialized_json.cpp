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

}  // namespace eddy::protocol
