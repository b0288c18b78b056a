#include "core/hashing.hpp"

#include <openssl/evp.h>
#include <openssl/md5.h>
#include <zlib.h>

#include <memory>
#include <stdexcept>

namespace eddy::hashing {

namespace {
// Fetched once: OpenSSL 3 looks an algorithm up by name on every EVP_md5()-style digest call,
// which cost as much as hashing a small SQS message.
const EVP_MD* fetched(const char* name) {
  const EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  if (!md) throw std::runtime_error(std::string(name) + " unavailable");
  return md;
}
const EVP_MD* sha256_algorithm() {
  static const EVP_MD* md = fetched("SHA256");
  return md;
}

std::string digest_hex(const EVP_MD* md, std::string_view bytes) {
  // One context per thread, reused: creating one per digest was a measurable part of a send.
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> owned(EVP_MD_CTX_new(),
                                                                             &EVP_MD_CTX_free);
  EVP_MD_CTX* context = owned.get();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (!context || EVP_DigestInit_ex2(context, md, nullptr) != 1 ||
      EVP_DigestUpdate(context, bytes.data(), bytes.size()) != 1 ||
      EVP_DigestFinal_ex(context, digest, &size) != 1)
    throw std::runtime_error("digest failed");
  return to_hex(digest, size);
}

// MD5 through OpenSSL's MD5_* functions, not EVP: an SQS send digests its body and its attributes,
// each a block or two, and EVP's per-digest set-up (provider dispatch on init, cleansing on final)
// cost more than the hashing. OpenSSL 3 marks these deprecated, not removed; EVP would give the
// same digest, only dearer.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
void md5_init(void* state) {
  MD5_Init(static_cast<MD5_CTX*>(state));
}
void md5_update(void* state, std::string_view bytes) {
  MD5_Update(static_cast<MD5_CTX*>(state), bytes.data(), bytes.size());
}
Md5Digest md5_final(void* state) {
  Md5Digest digest{};
  MD5_Final(digest.data(), static_cast<MD5_CTX*>(state));
  return digest;
}
#pragma GCC diagnostic pop

}  // namespace

Md5::Md5() {
  static_assert(sizeof(MD5_CTX) <= sizeof(state_) && alignof(MD5_CTX) <= alignof(Md5));
  md5_init(state_);
}

void Md5::update(std::string_view bytes) {
  md5_update(state_, bytes);
}

Md5Digest Md5::finish() {
  return md5_final(state_);
}

std::string to_hex(const unsigned char* bytes, std::size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = kHex[bytes[i] >> 4];
    out[2 * i + 1] = kHex[bytes[i] & 0xf];
  }
  return out;
}

std::string md5_hex(std::string_view bytes) {
  Md5 md5;
  md5.update(bytes);
  Md5Digest digest = md5.finish();
  return to_hex(digest.data(), digest.size());
}

std::string sha256_hex(std::string_view bytes) {
  return digest_hex(sha256_algorithm(), bytes);
}

std::uint32_t crc32(std::string_view bytes) {
  return static_cast<std::uint32_t>(
      ::crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

}  // namespace eddy::hashing
