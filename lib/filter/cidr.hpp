#pragma once
// IP address ranges for the `cidr` operator, parsed and checked the way SNS's matcher does
// (IPv4 and IPv6; the address before the slash is the bottom of the range, as AWS computes it).
#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string_view>

namespace eddy::filter {

// An IPv4 (4 bytes) or IPv6 (16 bytes) address in network order.
struct IpAddress {
  std::array<std::uint8_t, 16> bytes{};
  std::size_t length = 0;
};

// An IP literal as SNS recognises one in a message, or nothing.
std::optional<IpAddress> parse_ip_literal(std::string_view text);

// A CIDR that SNS rejects; what() is AWS's message (reported without a JSON location).
class InvalidCidr : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class IpRange {
 public:
  // Parses "address/bits". Throws InvalidCidr.
  static IpRange parse_cidr(std::string_view cidr);

  bool contains(const IpAddress& address) const;

 private:
  IpAddress low_;
  IpAddress high_;
};

}  // namespace eddy::filter
