#include "protocol/sigv4.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>

#include "protocol/form.hpp"

namespace eddy::protocol {
namespace {

constexpr std::uint64_t kEachByte = 0x0101010101010101ULL;
constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

// The bytes of `word` equal to `byte`, each marked by its high bit. A borrow can mark a byte above
// a marked one too, never below: the lowest mark is exact.
std::uint64_t bytes_equal(std::uint64_t word, char byte) {
  std::uint64_t x = word ^ (kEachByte * static_cast<unsigned char>(byte));
  return (x - kEachByte) & ~x & kHighBits;
}

// Where the next '/' at or after `at` lies (the text's size when none does): eight bytes at a time
// where bytes load little-endian, the first found from the lowest mark of its word.
std::size_t next_slash(std::string_view text, std::size_t at) {
  if constexpr (std::endian::native == std::endian::little) {
    for (; text.size() - at >= 8; at += 8) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + at, 8);
      if (std::uint64_t marks = bytes_equal(word, '/'))
        return at + static_cast<std::size_t>(std::countr_zero(marks) / 8);
    }
  }
  while (at < text.size() && text[at] != '/') ++at;
  return at;
}

bool has_comma_or_space(std::string_view text) {
  std::size_t at = 0;
  for (; text.size() - at >= 8; at += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + at, 8);
    if ((bytes_equal(word, ',') | bytes_equal(word, ' ')) != 0) return true;
  }
  for (; at < text.size(); ++at)
    if (text[at] == ',' || text[at] == ' ') return true;
  return false;
}

// AKID/DATE/REGION/SERVICE/...: the first four parts; nullopt when there are fewer, or the region
// or service is empty. An Authorization header's credential ends at a comma or a space
// (`header_credential`): the parts must all lie before it.
std::optional<CredentialScope> scope_parts(std::string_view credential, bool header_credential) {
  std::string_view parts[4];
  std::size_t start = 0;
  for (auto& part : parts) {
    std::size_t slash = next_slash(credential, start);
    if (slash == credential.size()) return std::nullopt;
    part = credential.substr(start, slash - start);
    start = slash + 1;
  }
  if (header_credential && has_comma_or_space(credential.substr(0, start))) return std::nullopt;
  if (parts[2].empty() || parts[3].empty()) return std::nullopt;
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
