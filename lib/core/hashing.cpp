#include "core/hashing.hpp"

#include <openssl/evp.h>
#include <zlib.h>

#include <memory>
#include <stdexcept>
#include <vector>

namespace eddy::hashing {

namespace {
// Fetched once: OpenSSL 3 looks an algorithm up by name on every EVP_md5()-style digest call,
// which cost as much as hashing a small SQS message.
const EVP_MD* fetched(const char* name) {
  const EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  if (!md) throw std::runtime_error(std::string(name) + " unavailable");
  return md;
}
const EVP_MD* md5_algorithm() {
  static const EVP_MD* md = fetched("MD5");
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

// Contexts this thread's Md5 objects have finished with. Creating and freeing one per digest
// allocated twice and took and gave a reference on the algorithm object OpenSSL shares between
// threads: a cache line both io threads wrote for every SQS message with attributes. Several Md5
// may be alive at once, and one may end on another thread than it began on: contexts are not tied
// to a thread, only kept by one.
class IdleMd5Contexts {
 public:
  ~IdleMd5Contexts() {
    for (EVP_MD_CTX* context : idle_) EVP_MD_CTX_free(context);
  }
  EVP_MD_CTX* take() {
    if (idle_.empty()) return EVP_MD_CTX_new();
    EVP_MD_CTX* context = idle_.back();
    idle_.pop_back();
    return context;
  }
  void give_back(EVP_MD_CTX* context) {
    if (idle_.size() < kKept) {
      idle_.push_back(context);
      return;
    }
    EVP_MD_CTX_free(context);
  }

 private:
  static constexpr std::size_t kKept = 4;
  std::vector<EVP_MD_CTX*> idle_;
};

IdleMd5Contexts& idle_md5_contexts() {
  thread_local IdleMd5Contexts contexts;
  return contexts;
}

}  // namespace

Md5::Md5() : context_(idle_md5_contexts().take()) {
  // Init on a context already set to MD5 keeps its algorithm and its reference.
  if (!context_ ||
      EVP_DigestInit_ex2(static_cast<EVP_MD_CTX*>(context_), md5_algorithm(), nullptr) != 1) {
    if (context_) idle_md5_contexts().give_back(static_cast<EVP_MD_CTX*>(context_));
    throw std::runtime_error("MD5 unavailable");
  }
}

Md5::~Md5() {
  idle_md5_contexts().give_back(static_cast<EVP_MD_CTX*>(context_));
}

void Md5::update(std::string_view bytes) {
  EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(context_), bytes.data(), bytes.size());
}

Md5Digest Md5::finish() {
  Md5Digest digest{};
  unsigned int size = 0;
  EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(context_), digest.data(), &size);
  return digest;
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
  return digest_hex(md5_algorithm(), bytes);
}

std::string sha256_hex(std::string_view bytes) {
  return digest_hex(sha256_algorithm(), bytes);
}

std::uint32_t crc32(std::string_view bytes) {
  return static_cast<std::uint32_t>(
      ::crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

}  // namespace eddy::hashing
