#include "filter/cidr.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace eddy::filter {
namespace {

bool is_decimal_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_hex_or_colon(char c) {
  return is_decimal_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':';
}

// SNS first checks the shape of the text: four dot-separated digit runs, or hex digits and
// colons with at least one colon. Anything else is a "Nonstandard IP address".
bool looks_like_ipv4(std::string_view text) {
  int parts = 0;
  std::size_t i = 0;
  while (true) {
    std::size_t start = i;
    while (i < text.size() && is_decimal_digit(text[i])) ++i;
    if (i == start) return false;
    ++parts;
    if (i == text.size()) return parts == 4;
    if (text[i] != '.' || parts == 4) return false;
    ++i;
  }
}

bool looks_like_ipv6(std::string_view text) {
  return text.find(':') != std::string_view::npos &&
         std::all_of(text.begin(), text.end(), is_hex_or_colon);
}

std::optional<IpAddress> parse_ipv4(std::string_view text) {
  IpAddress address;
  address.length = 4;
  std::size_t part = 0;
  unsigned value = 0;
  for (char c : text) {
    if (c == '.') {
      address.bytes[part++] = static_cast<std::uint8_t>(value);
      value = 0;
      continue;
    }
    value = value * 10 + static_cast<unsigned>(c - '0');
    if (value > 255) return std::nullopt;
  }
  address.bytes[part] = static_cast<std::uint8_t>(value);
  return address;
}

std::optional<IpAddress> parse_ipv6(std::string_view text) {
  std::string copy(text);
  in6_addr raw{};
  if (inet_pton(AF_INET6, copy.c_str(), &raw) != 1) return std::nullopt;
  IpAddress address;
  std::memcpy(address.bytes.data(), &raw, 16);
  address.length = 16;
  // Like Java's InetAddress, an IPv4-mapped IPv6 literal is an IPv4 address.
  static constexpr std::uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(address.bytes.data(), kMappedPrefix, 12) == 0) {
    std::memmove(address.bytes.data(), address.bytes.data() + 12, 4);
    std::fill(address.bytes.begin() + 4, address.bytes.end(), 0);
    address.length = 4;
  }
  return address;
}

// Java's String.split("/"): trailing empty pieces are dropped.
std::vector<std::string_view> split_on_slash(std::string_view text) {
  std::vector<std::string_view> pieces;
  std::size_t start = 0;
  while (true) {
    std::size_t slash = text.find('/', start);
    pieces.push_back(text.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  while (!pieces.empty() && pieces.back().empty()) pieces.pop_back();
  return pieces;
}

// Java's Integer.parseInt: an optional sign, then decimal digits fitting in 32 bits.
std::optional<long long> parse_java_int(std::string_view text) {
  std::size_t i = 0;
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    i = 1;
  }
  if (i == text.size()) return std::nullopt;
  long long value = 0;
  for (; i < text.size(); ++i) {
    if (!is_decimal_digit(text[i])) return std::nullopt;
    value = value * 10 + (text[i] - '0');
    if (value > static_cast<long long>(std::numeric_limits<int>::max()) + 1) return std::nullopt;
  }
  value = negative ? -value : value;
  if (value > std::numeric_limits<int>::max()) return std::nullopt;
  return value;
}

IpAddress address_for_cidr(std::string_view text) {
  std::optional<IpAddress> address;
  if (looks_like_ipv4(text)) {
    address = parse_ipv4(text);
  } else if (looks_like_ipv6(text)) {
    address = parse_ipv6(text);
  } else {
    throw InvalidCidr("Nonstandard IP address: " + std::string(text));
  }
  if (!address) throw InvalidCidr("Invalid IP address: " + std::string(text));
  return *address;
}

}  // namespace

std::optional<IpAddress> parse_ip_literal(std::string_view text) {
  if (looks_like_ipv4(text)) return parse_ipv4(text);
  if (looks_like_ipv6(text)) return parse_ipv6(text);
  return std::nullopt;
}

IpRange IpRange::parse_cidr(std::string_view cidr) {
  auto pieces = split_on_slash(cidr);
  if (pieces.size() != 2) throw InvalidCidr("Malformed CIDR, one '/' required");
  auto mask_bits = parse_java_int(pieces[1]);
  if (!mask_bits) throw InvalidCidr("Malformed CIDR, mask bits must be an integer");
  if (*mask_bits < 0) throw InvalidCidr("Malformed CIDR, mask bits must not be negative");
  IpAddress base = address_for_cidr(pieces[0]);
  if (base.length == 4 && *mask_bits > 31) throw InvalidCidr("IPv4 mask bits must be < 32");
  if (base.length == 16 && *mask_bits > 127) throw InvalidCidr("IPv6 mask bits must be < 128");

  IpRange range;
  range.low_ = base;
  range.high_ = base;
  long long host_bits = static_cast<long long>(base.length) * 8 - *mask_bits;
  for (std::size_t i = base.length; i-- > 0 && host_bits > 0; host_bits -= 8) {
    auto mask = host_bits >= 8 ? 0xff : (1u << host_bits) - 1;
    range.high_.bytes[i] = static_cast<std::uint8_t>(range.high_.bytes[i] | mask);
  }
  return range;
}

bool IpRange::contains(const IpAddress& address) const {
  if (address.length != low_.length) return false;
  auto begin = address.bytes.begin();
  auto end = begin + static_cast<std::ptrdiff_t>(address.length);
  return !std::lexicographical_compare(begin, end, low_.bytes.begin(),
                                       low_.bytes.begin() + (end - begin)) &&
         !std::lexicographical_compare(high_.bytes.begin(), high_.bytes.begin() + (end - begin),
                                       begin, end);
}

}  // namespace eddy::filter
