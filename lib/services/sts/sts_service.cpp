#include "services/sts/sts_service.hpp"

#include "services/sts/session_credentials.hpp"
#include "services/sts/sts_schema.hpp"
#include "store/clear_tables.hpp"
#include "store/transaction.hpp"

namespace eddy::services::sts {

const OperationTable<StsService>& StsService::operations() {
  static const OperationTable<StsService> table{
      {"AssumeRole", &StsService::AssumeRole},
      {"GetCallerIdentity", &StsService::GetCallerIdentity},
      {"GetSessionToken", &StsService::GetSessionToken},
  };
  return table;
}

StsService::StsService(const ServiceContext& context, iam::IamService& iam)
    : context_(context), iam_(iam) {}

void StsService::prepare(store::Database& db) {
  migrate_sts_schema(db);
  // Expired keys still map to their account: Eddy checks no signatures and no expiry, and a
  // request that fell back to the default account would be more surprising than one that works.
  for (auto& issued : issued_key_table::load(db))
    context_.access_keys.add(issued.access_key_id, std::move(issued.identity));
}

const protocol::ServiceDescription& StsService::description() const {
  static const protocol::ServiceDescription description{
      .name = "sts",
      .xml_namespace = "https://sts.amazonaws.com/doc/2011-06-15/",
      .query_scalars = {{"DurationSeconds", protocol::QueryScalar::integer}},
      .operations = operations().names(),
  };
  return description;
}

Awaitable<json> StsService::call(const Call& call) {
  return operations().dispatch(*this, call);
}

void StsService::reset(store::Database& db) {
  store::clear_tables(db, "sts_");
  context_.access_keys.clear();
}

CallerIdentity StsService::caller(const Call& call) const {
  if (auto issued = context_.access_keys.find(call.access_key)) return *issued;
  return {.account = call.account,
          .arn = "arn:aws:iam::" + call.account + ":root",
          .user_id = call.account};
}

Awaitable<void> StsService::remember(const SessionCredentials& credentials) {
  co_await context_.store.write(
      [&](store::Database& db) { issued_key_table::insert(db, credentials); });
  // Only once committed: a request signed with the key may come as soon as it is handed out.
  context_.access_keys.add(credentials.access_key_id, credentials.identity);
}

json StsService::GetCallerIdentity(const Call& call) {
  CallerIdentity identity = caller(call);
  return {{"UserId", identity.user_id}, {"Account", identity.account}, {"Arn", identity.arn}};
}

}  // namespace eddy::services::sts
