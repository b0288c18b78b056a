#include "protocol/sigv4.hpp"

#include <algorithm>
#include <array>

#include "protocol/form.hpp"

namespace eddy::protocol {
namespace {

// AKID/DATE/REGION/SERVICE/...: the first four parts, as views of `credential`; nullopt when there
// are fewer, or the region or service is empty.
std::optional<std::array<std::string_view, 4>> scope_parts(std::string_view credential) {
  std::array<std::string_view, 4> parts;
  std::size_t start = 0;
  for (auto& part : parts) {
    auto slash = credential.find('/', start);
    if (slash == std::string_view::npos) return std::nullopt;
    part = credential.substr(start, slash - start);
    start = slash + 1;
  }
  if (parts[2].empty() || parts[3].empty()) return std::nullopt;
  return parts;
}

// Calls `of` with the request's credential: `Credential=` of the Authorization header, or else a
// presigned URL's X-Amz-Credential decoded. nullopt when there is none.
template <class Of>
auto with_credential(const HttpRequest& request, Of of) -> decltype(of(std::string_view())) {
  std::string_view auth = request.header("Authorization");
  auto at = auth.find("Credential=");
  if (at != std::string_view::npos) {
    std::string_view rest = auth.substr(at + 11);
    // A loop rather than find_first_of(", "), which calls memchr once per character.
    auto end = std::find_if(rest.begin(), rest.end(), [](char c) { return c == ',' || c == ' '; });
    return of(rest.substr(0, static_cast<std::size_t>(end - rest.begin())));
  }
  std::string_view query = request.query_string();
  at = query.find("X-Amz-Credential=");
  if (at != std::string_view::npos) {
    std::string_view rest = query.substr(at + 17);
    rest = rest.substr(0, rest.find('&'));
    if (auto decoded = url_decode(rest)) return of(*decoded);
  }
  return std::nullopt;
}

}  // namespace

std::optional<CredentialScope> credential_scope(const HttpRequest& request) {
  return with_credential(
      request, [](std::string_view credential) -> std::optional<CredentialScope> {
        auto parts = scope_parts(credential);
        if (!parts) return std::nullopt;
        return CredentialScope{std::string((*parts)[0]), std::string((*parts)[1]),
                               std::string((*parts)[2]), std::string((*parts)[3])};
      });
}

std::optional<std::string> credential_service(const HttpRequest& request) {
  return with_credential(request, [](std::string_view credential) -> std::optional<std::string> {
    auto parts = scope_parts(credential);
    if (!parts) return std::nullopt;
    return std::string((*parts)[3]);
  });
}

std::string account_for_access_key(std::string_view access_key, std::string_view default_account) {
  bool twelve_digits =
      access_key.size() == 12 && std::all_of(access_key.begin(), access_key.end(),
                                             [](char c) { return c >= '0' && c <= '9'; });
  return std::string(twelve_digits ? access_key : default_account);
}

}  // namespace eddy::protocol
