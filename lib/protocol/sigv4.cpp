#include "protocol/sigv4.hpp"

#include <algorithm>

#include "protocol/form.hpp"

namespace eddy::protocol {
namespace {
std::optional<CredentialScope> parse_scope(std::string_view credential) {
  CredentialScope scope;
  std::string* parts[] = {&scope.access_key, &scope.date, &scope.region, &scope.service};
  std::size_t start = 0;
  for (auto* part : parts) {
    auto slash = credential.find('/', start);
    if (slash == std::string_view::npos) return std::nullopt;
    *part = std::string(credential.substr(start, slash - start));
    start = slash + 1;
  }
  if (scope.region.empty() || scope.service.empty()) return std::nullopt;
  return scope;
}
}  // namespace

std::optional<CredentialScope> credential_scope(const HttpRequest& request) {
  std::string_view auth = request.header("Authorization");
  auto at = auth.find("Credential=");
  if (at != std::string_view::npos) {
    std::string_view rest = auth.substr(at + 11);
    // A loop rather than find_first_of(", "), which calls memchr once per character.
    auto end = std::find_if(rest.begin(), rest.end(), [](char c) { return c == ',' || c == ' '; });
    rest = rest.substr(0, static_cast<std::size_t>(end - rest.begin()));
    return parse_scope(rest);
  }
  std::string_view query = request.query_string();
  at = query.find("X-Amz-Credential=");
  if (at != std::string_view::npos) {
    std::string_view rest = query.substr(at + 17);
    rest = rest.substr(0, rest.find('&'));
    if (auto decoded = url_decode(rest)) return parse_scope(*decoded);
  }
  return std::nullopt;
}

std::string account_for_access_key(std::string_view access_key, std::string_view default_account) {
  bool twelve_digits =
      access_key.size() == 12 && std::all_of(access_key.begin(), access_key.end(),
                                             [](char c) { return c >= '0' && c <= '9'; });
  return std::string(twelve_digits ? access_key : default_account);
}

}  // namespace eddy::protocol
