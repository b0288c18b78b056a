#include "services/sns/message_signer.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <stdexcept>

#include "core/base64.hpp"
#include "core/ids.hpp"
#include "store/transaction.hpp"

namespace eddy::services::sns {
namespace {

// 1024-bit RSA signs in ~0.13 ms here, 2048-bit in ~0.9 ms: one signature per publish at 2048
// bits would cap a core at about a thousand publishes per second. Verifiers accept either size.
constexpr int kKeyBits = 1024;
constexpr std::size_t kMaxCachedSignatures = 4096;
constexpr long kCertificateLifetimeSeconds = 10L * 365 * 24 * 3600;

struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct X509Deleter {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

[[noreturn]] void openssl_failure(const char* what) {
  throw std::runtime_error(std::string("SNS signing key: ") + what + " failed");
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace

struct MessageSigner::Key {
  std::unique_ptr<EVP_PKEY, PkeyDeleter> private_key;
  std::string private_key_pem;
  std::string certificate_pem;

  static Key generate() {
    Key key;
    key.private_key.reset(EVP_RSA_gen(kKeyBits));
    if (!key.private_key) openssl_failure("key generation");
    std::unique_ptr<X509, X509Deleter> cert(X509_new());
    if (!cert) openssl_failure("certificate allocation");
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()),
                     static_cast<long>(ids::random_u64() & 0x7fffffff));
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -24L * 3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), kCertificateLifetimeSeconds);
    X509_set_pubkey(cert.get(), key.private_key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    auto add = [&](const char* field, const char* value) {
      X509_NAME_add_entry_by_txt(name, field, MBSTRING_ASC,
                                 reinterpret_cast<const unsigned char*>(value), -1, -1, 0);
    };
    add("C", "US");
    add("O", "Eddy");
    add("CN", "sns.amazonaws.com");
    X509_set_issuer_name(cert.get(), name);
    if (!X509_sign(cert.get(), key.private_key.get(), EVP_sha256()))
      openssl_failure("certificate signing");

    std::unique_ptr<BIO, BioDeleter> cert_bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(cert_bio.get(), cert.get());
    key.certificate_pem = bio_text(cert_bio.get());
    std::unique_ptr<BIO, BioDeleter> key_bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(key_bio.get(), key.private_key.get(), nullptr, nullptr, 0, nullptr,
                             nullptr);
    key.private_key_pem = bio_text(key_bio.get());
    return key;
  }

  static Key load(std::string private_key_pem, std::string certificate_pem) {
    Key key;
    std::unique_ptr<BIO, BioDeleter> bio(
        BIO_new_mem_buf(private_key_pem.data(), static_cast<int>(private_key_pem.size())));
    key.private_key.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key.private_key) openssl_failure("reading the stored key");
    key.private_key_pem = std::move(private_key_pem);
    key.certificate_pem = std::move(certificate_pem);
    return key;
  }
};

MessageSigner::MessageSigner(store::Store& store) : store_(store) {}
MessageSigner::~MessageSigner() = default;

const MessageSigner::Key& MessageSigner::key() {
  // Callers hold mutex_.
  if (key_) return *key_;
  auto lock = store_.lock();
  auto& db = store_.db();
  {
    auto q = db.query("SELECT private_key_pem, certificate_pem FROM sns_signing_key WHERE id = 1");
    if (q->step()) {
      key_ = std::make_unique<Key>(Key::load(q->string(0), q->string(1)));
      return *key_;
    }
  }
  auto generated = std::make_unique<Key>(Key::generate());
  store::Transaction tx(db);
  auto q = db.query(
      "INSERT INTO sns_signing_key (id, private_key_pem, certificate_pem) VALUES (1, ?, ?)");
  q->bind(1, generated->private_key_pem).bind(2, generated->certificate_pem).run();
  tx.commit();
  key_ = std::move(generated);
  return *key_;
}

std::string MessageSigner::sign(std::string_view canonical, int version) {
  EVP_PKEY* private_key;
  {
    std::lock_guard lock(mutex_);
    private_key = key().private_key.get();
  }
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  const EVP_MD* digest = version == 2 ? EVP_sha256() : EVP_sha1();
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, digest, nullptr, private_key) != 1)
    openssl_failure("signature setup");
  std::size_t size = 0;
  auto data = reinterpret_cast<const unsigned char*>(canonical.data());
  if (EVP_DigestSign(ctx.get(), nullptr, &size, data, canonical.size()) != 1)
    openssl_failure("signature size");
  std::string signature(size, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size, data,
                     canonical.size()) != 1)
    openssl_failure("signing");
  signature.resize(size);
  return base64::encode(signature);
}

std::string MessageSigner::sign_cached(const std::string& cache_key, std::string_view canonical,
                                       int version) {
  std::string key = cache_key + (version == 2 ? "/2" : "/1");
  {
    std::lock_guard lock(mutex_);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  }
  std::string signature = sign(canonical, version);
  std::lock_guard lock(mutex_);
  if (cache_.size() >= kMaxCachedSignatures) cache_.clear();
  cache_.emplace(std::move(key), signature);
  return signature;
}

std::string MessageSigner::certificate_pem() {
  std::lock_guard lock(mutex_);
  return key().certificate_pem;
}

}  // namespace eddy::services::sns
