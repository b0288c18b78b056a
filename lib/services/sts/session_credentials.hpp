#pragma once
// Temporary credentials as STS hands them out, and their rows in sts_issued_keys.
#include <cstdint>
#include <vector>

#include "eddy/clock.hpp"
#include "eddy/json.hpp"
#include "services/access_keys.hpp"
#include "store/database.hpp"

namespace eddy::services::sts {

struct SessionCredentials {
  std::string access_key_id;  // "ASIA" + 16 of [A-Z0-9], as AWS's temporary keys look
  std::string secret_access_key;
  std::string session_token;
  TimePoint expiration;
  CallerIdentity identity;  // who a request signed with them acts as

  // New random credentials for `identity`, valid for `duration`.
  static SessionCredentials issue(CallerIdentity identity, TimePoint now,
                                  std::chrono::seconds duration);
  // The Credentials member of AssumeRole and GetSessionToken answers.
  json output() const;
};

namespace issued_key_table {
// The caller holds the store lock and commits.
void insert(store::Database& db, const SessionCredentials& credentials);
std::vector<SessionCredentials> load(store::Database& db);
}  // namespace issued_key_table

}  // namespace eddy::services::sts
