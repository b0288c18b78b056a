#include "core/base64.hpp"

#include <openssl/evp.h>

#include <cstdint>

namespace eddy::base64 {

namespace {

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

// Written out rather than EVP_EncodeBlock: GetRecords encodes every record's data, and the
// table walk costs half of what OpenSSL's block encoder does per byte.
void append_encoded(std::string& out, std::string_view bytes) {
  std::size_t at = out.size();
  out.resize(at + 4 * ((bytes.size() + 2) / 3));
  char* to = out.data() + at;
  const auto* from = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t whole = bytes.size() / 3 * 3;
  for (std::size_t i = 0; i < whole; i += 3) {
    std::uint32_t group =
        (std::uint32_t{from[i]} << 16) | (std::uint32_t{from[i + 1]} << 8) | from[i + 2];
    to[0] = kBase64Alphabet[group >> 18];
    to[1] = kBase64Alphabet[(group >> 12) & 63];
    to[2] = kBase64Alphabet[(group >> 6) & 63];
    to[3] = kBase64Alphabet[group & 63];
    to += 4;
  }
  std::size_t left = bytes.size() - whole;
  if (left == 0) return;
  std::uint32_t group = std::uint32_t{from[whole]} << 16;
  if (left == 2) group |= std::uint32_t{from[whole + 1]} << 8;
  to[0] = kBase64Alphabet[group >> 18];
  to[1] = kBase64Alphabet[(group >> 12) & 63];
  to[2] = left == 2 ? kBase64Alphabet[(group >> 6) & 63] : '=';
  to[3] = '=';
}

std::string encode(std::string_view bytes) {
  std::string out;
  append_encoded(out, bytes);
  return out;
}

std::optional<std::string> decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  if (!text.empty() && text.back() == '=') ++padding;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++padding;
  for (std::size_t i = 0; i < text.size() - padding; ++i) {
    char c = text[i];
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '+' || c == '/';
    if (!ok) return std::nullopt;
  }
  std::string out(3 * (text.size() / 4), '\0');
  int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (written < 0) return std::nullopt;
  // EVP_DecodeBlock counts the bytes padding stands for; drop them.
  out.resize(static_cast<std::size_t>(written) - padding);
  return out;
}

}  // namespace eddy::base64
