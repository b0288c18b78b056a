#include "services/sts/session_credentials.hpp"

#include <boost/algorithm/string/case_conv.hpp>

#include "core/ids.hpp"
#include "core/time_format.hpp"

namespace eddy::services::sts {
namespace {
constexpr std::size_t kSecretLength = 40;
// Real session tokens are a few hundred characters; SDKs only pass them along.
constexpr std::size_t kSessionTokenLength = 356;
}  // namespace

SessionCredentials SessionCredentials::issue(CallerIdentity identity, TimePoint now,
                                             std::chrono::seconds duration) {
  return SessionCredentials{
      .access_key_id = "ASIA" + boost::algorithm::to_upper_copy(ids::random_token(16)),
      .secret_access_key = ids::random_token(kSecretLength),
      .session_token = ids::random_token(kSessionTokenLength),
      .expiration = now + duration,
      .identity = std::move(identity),
  };
}

json SessionCredentials::output() const {
  return {{"AccessKeyId", access_key_id},
          {"SecretAccessKey", secret_access_key},
          {"SessionToken", session_token},
          {"Expiration", time_format::iso8601_seconds(expiration)}};
}

namespace issued_key_table {

void insert(store::Database& db, const SessionCredentials& credentials) {
  db.query(
        "INSERT INTO sts_issued_keys (access_key_id, secret_access_key, session_token, account, "
        "arn, user_id, expires_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")
      ->bind(1, credentials.access_key_id)
      .bind(2, credentials.secret_access_key)
      .bind(3, credentials.session_token)
      .bind(4, credentials.identity.account)
      .bind(5, credentials.identity.arn)
      .bind(6, credentials.identity.user_id)
      .bind(7, time_format::epoch_ms(credentials.expiration))
      .run();
}

std::vector<SessionCredentials> load(store::Database& db) {
  auto q = db.query(
      "SELECT access_key_id, secret_access_key, session_token, account, arn, user_id, "
      "expires_ms FROM sts_issued_keys");
  std::vector<SessionCredentials> out;
  while (q->step()) {
    out.push_back(SessionCredentials{
        .access_key_id = q->string(0),
        .secret_access_key = q->string(1),
        .session_token = q->string(2),
        .expiration = time_format::from_epoch_ms(q->int64(6)),
        .identity = {.account = q->string(3), .arn = q->string(4), .user_id = q->string(5)},
    });
  }
  return out;
}

}  // namespace issued_key_table
}  // namespace eddy::services::sts
