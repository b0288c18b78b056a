#pragma once
// Amazon Resource Names: arn:partition:service:region:account:resource.
#include <optional>
#include <string>
#include <string_view>

namespace eddy {

struct Arn {
  std::string partition = "aws";
  std::string service;
  std::string region;
  std::string account;
  std::string resource;

  static std::optional<Arn> parse(std::string_view text);
  std::string str() const;
};

std::string make_arn(std::string_view service, std::string_view region, std::string_view account,
                     std::string_view resource);

}  // namespace eddy
