#pragma once
// Digests AWS exposes or checks: MD5 (SQS body and attribute digests), SHA-256, CRC32.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace eddy::hashing {

using Md5Digest = std::array<unsigned char, 16>;

// Feeds bytes in pieces (Kinesis hashes a partition key with it). Its state lives in the object:
// no allocation, no OpenSSL context.
class Md5 {
 public:
  Md5();
  Md5(const Md5&) = delete;
  Md5& operator=(const Md5&) = delete;
  void update(std::string_view bytes);
  Md5Digest finish();

 private:
  // OpenSSL's MD5_CTX (92 bytes), kept opaque so this header needs no OpenSSL one.
  alignas(8) unsigned char state_[96];
};

std::string md5_hex(std::string_view bytes);
std::string sha256_hex(std::string_view bytes);
std::uint32_t crc32(std::string_view bytes);
std::string to_hex(const unsigned char* bytes, std::size_t size);

}  // namespace eddy::hashing
