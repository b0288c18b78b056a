#include "protocol/sigv4.hpp"

#include <algorithm>

#include "protocol/form.hpp"

namespace eddy::protocol {
namespace {

// AKID/DATE/REGION/SERVICE/...: the first four parts; nullopt when there are fewer, or the region
// or service is empty.
std::optional<CredentialScope> scope_parts(std::string_view credential) {
  std::string_view parts[4];
  std::size_t start = 0;
  for (auto& part : parts) {
    auto slash = credential.find('/', start);
    if (slash == std::string_view::npos) return std::nullopt;
    part = credential.substr(start, slash - start);
    start = slash + 1;
  }
  if (parts[2].empty() || parts[3].empty()) return std::nullopt;
  return CredentialScope{parts[0], parts[1], parts[2], parts[3]};
}

}  // namespace

std::optional<CredentialScope> credential_scope(const HttpRequest& request, std::string& decoded) {
  // `Credential=` of the Authorization header, or else a presigned URL's X-Amz-Credential.
  std::string_view auth = request.header(CommonHeader::authorization);
  auto at = auth.find("Credential=");
  if (at != std::string_view::npos) {
    std::string_view rest = auth.substr(at + 11);
    // A loop rather than find_first_of(", "), which calls memchr once per character.
    auto end = std::find_if(rest.begin(), rest.end(), [](char c) { return c == ',' || c == ' '; });
    return scope_parts(rest.substr(0, static_cast<std::size_t>(end - rest.begin())));
  }
  std::string_view query = request.query_string();
  at = query.find("X-Amz-Credential=");
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = query.substr(at + 17);
  auto text = url_decode(rest.substr(0, rest.find('&')));
  if (!text) return std::nullopt;
  decoded = std::move(*text);
  return scope_parts(decoded);
}

std::string account_for_access_key(std::string_view access_key, std::string_view default_account) {
  bool twelve_digits =
      access_key.size() == 12 && std::all_of(access_key.begin(), access_key.end(),
                                             [](char c) { return c >= '0' && c <= '9'; });
  return std::string(twelve_digits ? access_key : default_account);
}

}  // namespace eddy::protocol
