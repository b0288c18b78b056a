#pragma once
// AWS Security Token Service: who the caller is, and temporary credentials for a role
// (AssumeRole) or for the caller itself (GetSessionToken). The emulator accepts what it issues:
// each key goes into the shared AccessKeys, so a request signed with it acts in the role's
// account, and into sts_issued_keys, so it still does after a restart.
#include "services/access_keys.hpp"
#include "services/iam/iam_service.hpp"
#include "services/service.hpp"
#include "services/service_context.hpp"

namespace eddy::services::sts {

struct SessionCredentials;

class StsService final : public Service {
 public:
  // Loads the keys issued before this start into context.access_keys.
  StsService(const ServiceContext& context, iam::IamService& iam);

  const protocol::ServiceDescription& description() const override;
  Awaitable<json> call(const Call& call) override;
  void prepare(store::Database& db) override;
  void reset(store::Database& db) override;

 private:
  static const OperationTable<StsService>& operations();

  json GetCallerIdentity(const Call& call);
  Awaitable<json> AssumeRole(const Call& call);
  Awaitable<json> GetSessionToken(const Call& call);

  // The identity a request acts as: the one a key STS issued carries, else the account's root.
  CallerIdentity caller(const Call& call) const;
  // Stores the credentials, then lets requests signed with them in. Takes the store lock.
  Awaitable<void> remember(const SessionCredentials& credentials);

  ServiceContext context_;
  iam::IamService& iam_;
};

}  // namespace eddy::services::sts
