#include "services/shards/siphash.hpp"

#include <bit>
#include <cstdint>

namespace eddy::services::shards {
namespace {

std::uint64_t load_little_endian(const unsigned char* bytes, std::size_t count) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < count; ++i) value |= std::uint64_t{bytes[i]} << (8 * i);
  return value;
}

void store_little_endian(unsigned char* bytes, std::uint64_t value) {
  for (std::size_t i = 0; i < 8; ++i) bytes[i] = static_cast<unsigned char>(value >> (8 * i));
}

struct SipState {
  std::uint64_t v0, v1, v2, v3;

  void rounds(int count) {
    for (int i = 0; i < count; ++i) {
      v0 += v1;
      v1 = std::rotl(v1, 13) ^ v0;
      v0 = std::rotl(v0, 32);
      v2 += v3;
      v3 = std::rotl(v3, 16) ^ v2;
      v0 += v3;
      v3 = std::rotl(v3, 21) ^ v0;
      v2 += v1;
      v1 = std::rotl(v1, 17) ^ v2;
      v2 = std::rotl(v2, 32);
    }
  }
  void absorb(std::uint64_t word) {
    v3 ^= word;
    rounds(2);
    v0 ^= word;
  }
  std::uint64_t squeeze() {
    rounds(4);
    return v0 ^ v1 ^ v2 ^ v3;
  }
};

}  // namespace

SipHashTag siphash_2_4_128(const SipHashKey& key, std::string_view message) {
  std::uint64_t k0 = load_little_endian(key.data(), 8);
  std::uint64_t k1 = load_little_endian(key.data() + 8, 8);
  SipState state{k0 ^ 0x736f6d6570736575, k1 ^ 0x646f72616e646f6d ^ 0xee, k0 ^ 0x6c7967656e657261,
                 k1 ^ 0x7465646279746573};
  const auto* bytes = reinterpret_cast<const unsigned char*>(message.data());
  std::size_t whole = message.size() / 8 * 8;
  for (std::size_t at = 0; at < whole; at += 8) state.absorb(load_little_endian(bytes + at, 8));
  // The last word: the bytes left over, and the message length's low byte on top.
  state.absorb(load_little_endian(bytes + whole, message.size() - whole) |
               (std::uint64_t{message.size() & 0xff} << 56));
  SipHashTag tag{};
  state.v2 ^= 0xee;
  store_little_endian(tag.data(), state.squeeze());
  state.v1 ^= 0xdd;
  store_little_endian(tag.data() + 8, state.squeeze());
  return tag;
}

}  // namespace eddy::services::shards
