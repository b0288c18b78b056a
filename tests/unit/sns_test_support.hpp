#pragma once
// Shared pieces of the SNS unit tests: an emulator on a manual clock, signature checking with the
// certificate Eddy serves, and waiting for background work.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "core/base64.hpp"
#include "eddy/clock.hpp"
#include "eddy/emulator.hpp"
#include "emulator/emulator_core.hpp"
#include "eventually.hpp"

namespace eddy::testing {

struct ManualEmulator {
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  Emulator emu;
  explicit ManualEmulator(std::string data_dir = {})
      : emu(EmulatorConfig{.data_dir = std::move(data_dir), .clock = clock}) {}

  json sns(std::string_view operation, json input = json::object()) {
    return emu.call("sns", operation, std::move(input));
  }
};

// The signing certificate, as /_eddy/sns/SimpleNotificationService.pem serves it.
inline std::string signing_certificate(Emulator& emu) {
  protocol::HttpRequest request;
  request.method = "GET";
  request.target = "/_eddy/sns/SimpleNotificationService.pem";
  auto response = emu.core().admin(request);
  return response ? response->body : std::string();
}

// Verifies an SNS signature (base64) over `canonical` with the certificate in `pem`.
inline bool signature_verifies(const std::string& pem, const std::string& canonical,
                               const std::string& signature_base64, int version) {
  auto signature = base64::decode(signature_base64);
  if (!signature) return false;
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (!cert) return false;
  EVP_PKEY* key = X509_get_pubkey(cert);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok = EVP_DigestVerifyInit(ctx, nullptr, version == 2 ? EVP_sha256() : EVP_sha1(), nullptr,
                                 key) == 1 &&
            EVP_DigestVerify(
                ctx, reinterpret_cast<const unsigned char*>(signature->data()), signature->size(),
                reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size()) == 1;
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(key);
  X509_free(cert);
  return ok;
}

// The canonical string of a delivered JSON envelope, rebuilt the way a subscriber does.
inline std::string canonical_string(const json& body) {
  std::string out;
  bool notification = body["Type"] == "Notification";
  const char* notification_keys[] = {"Message",   "MessageId", "Subject",
                                     "Timestamp", "TopicArn",  "Type"};
  const char* confirmation_keys[] = {"Message", "MessageId", "SubscribeURL", "Timestamp",
                                     "Token",   "TopicArn",  "Type"};
  auto add = [&](const char* key) {
    if (body.contains(key)) out += std::string(key) + "\n" + body[key].get<std::string>() + "\n";
  };
  if (notification)
    for (auto key : notification_keys) add(key);
  else
    for (auto key : confirmation_keys) add(key);
  return out;
}

}  // namespace eddy::testing
