#include "core/arn.hpp"

namespace eddy {

std::optional<Arn> Arn::parse(std::string_view text) {
  Arn arn;
  std::string* parts[] = {nullptr, &arn.partition, &arn.service, &arn.region, &arn.account};
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    auto colon = text.find(':', start);
    if (colon == std::string_view::npos) return std::nullopt;
    std::string_view piece = text.substr(start, colon - start);
    if (i == 0 && piece != "arn") return std::nullopt;
    if (parts[i]) *parts[i] = std::string(piece);
    start = colon + 1;
  }
  arn.resource = std::string(text.substr(start));
  if (arn.partition.empty() || arn.service.empty() || arn.resource.empty()) return std::nullopt;
  return arn;
}

std::string Arn::str() const {
  return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
}

std::string make_arn(std::string_view service, std::string_view region, std::string_view account,
                     std::string_view resource) {
  std::string out = "arn:aws:";
  out.append(service).append(":").append(region).append(":").append(account).append(":");
  out.append(resource);
  return out;
}

}  // namespace eddy
