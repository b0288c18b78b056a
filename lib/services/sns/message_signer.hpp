#pragma once
// Signs notifications as SNS does: SignatureVersion 1 is SHA1withRSA, 2 is SHA256withRSA, over the
// canonical string of the message, base64-encoded. The key pair and its self-signed certificate
// are made on first use (never at start-up: RSA key generation costs milliseconds) and kept in the
// store, so messages signed before a restart still verify after it.
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/store.hpp"

namespace eddy::services::sns {

class MessageSigner {
 public:
  explicit MessageSigner(store::Store& store);
  ~MessageSigner();
  MessageSigner(const MessageSigner&) = delete;
  MessageSigner& operator=(const MessageSigner&) = delete;

  // The callers of these must not hold the store lock: the first call reads or saves the key.
  std::string sign(std::string_view canonical, int version);
  // sign(), remembered for `cache_key` (a message id and type): every HTTP/S or Lambda
  // subscription of one message shares the signature.
  std::string sign_cached(const std::string& cache_key, std::string_view canonical, int version);
  std::string certificate_pem();

 private:
  struct Key;
  const Key& key();

  store::Store& store_;
  std::mutex mutex_;
  std::unique_ptr<Key> key_;
  std::unordered_map<std::string, std::string> cache_;
};

}  // namespace eddy::services::sns
