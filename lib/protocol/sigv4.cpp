#include "protocol/sigv4.hpp"

#include <algorithm>

#include "protocol/form.hpp"

namespace eddy::protocol {
namespace {

// AKID/DATE/REGION/SERVICE/...: the first four parts, read in one pass; nullopt when there are
// fewer, or the region or service is empty. An Authorization header's credential ends at a comma
// or a space (`header_credential`): the parts must all lie before it.
std::optional<CredentialScope> scope_parts(std::string_view credential, bool header_credential) {
  std::string_view parts[4];
  std::size_t found = 0;
  std::size_t start = 0;
  for (std::size_t at = 0; at < credential.size(); ++at) {
    char c = credential[at];
    if (c == '/') {
      parts[found++] = credential.substr(start, at - start);
      start = at + 1;
      if (found == 4) break;
    } else if (header_credential && (c == ',' || c == ' ')) {
      break;
    }
  }
  if (found < 4 || parts[2].empty() || parts[3].empty()) return std::nullopt;
  return CredentialScope{parts[0], parts[1], parts[2], parts[3]};
}

}  // namespace

std::optional<CredentialScope> credential_scope(const HttpRequest& request, std::string& decoded) {
  // `Credential=` of the Authorization header, or else a presigned URL's X-Amz-Credential.
  std::string_view auth = request.header(CommonHeader::authorization);
  // Where the SDKs put it, else wherever it is.
  constexpr std::string_view kUsual = "AWS4-HMAC-SHA256 Credential=";
  if (auth.starts_with(kUsual)) return scope_parts(auth.substr(kUsual.size()), true);
  auto at = auth.find("Credential=");
  if (at != std::string_view::npos) return scope_parts(auth.substr(at + 11), true);
  std::string_view query = request.query_string();
  at = query.find("X-Amz-Credential=");
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = query.substr(at + 17);
  auto text = url_decode(rest.substr(0, rest.find('&')));
  if (!text) return std::nullopt;
  decoded = std::move(*text);
  return scope_parts(decoded, false);
}

std::string account_for_access_key(std::string_view access_key, std::string_view default_account) {
  bool twelve_digits =
      access_key.size() == 12 && std::all_of(access_key.begin(), access_key.end(),
                                             [](char c) { return c >= '0' && c <= '9'; });
  return std::string(twelve_digits ? access_key : default_account);
}

}  // namespace eddy::protocol
