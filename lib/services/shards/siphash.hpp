#pragma once
// SipHash-2-4 with its 128-bit tag (Aumasson and Bernstein's reference), written out: a few
// hundred instructions for a shard iterator, where OpenSSL's EVP_MAC dispatch and context pool
// cost several times that on every GetRecords.
#include <array>
#include <string_view>

namespace eddy::services::shards {

using SipHashKey = std::array<unsigned char, 16>;
using SipHashTag = std::array<unsigned char, 16>;

SipHashTag siphash_2_4_128(const SipHashKey& key, std::string_view message);

}  // namespace eddy::services::shards
