// The function's resource policy: AddPermission, RemovePermission, GetPolicy.
#include "core/ids.hpp"
#include "services/lambda/api_patterns.hpp"
#include "services/lambda/function_tables.hpp"
#include "services/lambda/lambda_requests.hpp"
#include "services/lambda/lambda_service.hpp"

namespace eddy::services::lambda {
namespace {

// The Principal of a statement, as AWS writes it: an account becomes its root ARN, a service
// principal stays a service.
json statement_principal(const std::string& principal) {
  if (principal == "*") return "*";
  if (api_patterns::is_account_id(principal))
    return {{"AWS", "arn:aws:iam::" + principal + ":root"}};
  if (principal.starts_with("arn:")) return {{"AWS", principal}};
  return {{"Service", principal}};
}

json policy_statement(const Call& call, const FunctionRef& ref, const std::string& sid) {
  std::string action = required_string(call.input, "Action", "action");
  std::string principal = required_string(call.input, "Principal", "principal");
  if (!api_patterns::is_permission_action(action))
    throw_validation(action, "action",
                     "Member must satisfy regular expression pattern: "
                     "(lambda:[*]|lambda:[a-zA-Z]+|[*])");
  json statement = {{"Sid", sid},
                    {"Effect", "Allow"},
                    {"Principal", statement_principal(principal)},
                    {"Action", action},
                    {"Resource", ref.qualified_arn()}};
  json condition = json::object();
  if (auto source_arn = optional_string(call.input, "SourceArn"))
    condition["ArnLike"] = {{"AWS:SourceArn", *source_arn}};
  if (auto source_account = optional_string(call.input, "SourceAccount"))
    condition["StringEquals"]["AWS:SourceAccount"] = *source_account;
  if (auto org = optional_string(call.input, "PrincipalOrgID"))
    condition["StringEquals"]["aws:PrincipalOrgID"] = *org;
  if (auto token = optional_string(call.input, "EventSourceToken"))
    condition["StringEquals"]["lambda:EventSourceToken"] = *token;
  if (!condition.empty()) statement["Condition"] = condition;
  return statement;
}

std::string statement_id(const json& input) {
  std::string sid = required_string(input, "StatementId", "statementId");
  if (sid.size() > 100)
    throw_validation(sid, "statementId", "Member must have length less than or equal to 100");
  if (!api_patterns::is_statement_id(sid))
    throw_validation(sid, "statementId",
                     "Member must satisfy regular expression pattern: ([a-zA-Z0-9-_.]+)");
  return sid;
}

void check_policy_revision(const tables::FunctionRow& row, const json& input) {
  auto revision = optional_string(input, "RevisionId");
  if (revision && *revision != row.policy_revision) throw revision_mismatch();
}

// The version or alias a Qualifier names must exist.
void require_qualifier(store::Database& db, const FunctionRef& ref) {
  if (!ref.qualifier || *ref.qualifier == "$LATEST") return;
  bool exists = tables::version(db, ref, *ref.qualifier) || tables::alias(db, ref, *ref.qualifier);
  if (!exists) throw function_not_found(ref.qualified_arn());
}

}  // namespace

Awaitable<json> LambdaService::AddPermission(const Call& call) {
  FunctionRef ref = requested_function(call);
  std::string sid = statement_id(call.input);
  json statement = policy_statement(call, ref, sid);
  co_await context_.store.write([&](store::Database& db) {
    auto row = tables::function(db, ref);
    if (!row) throw function_not_found(ref.arn());
    require_qualifier(db, ref);
    check_policy_revision(*row, call.input);
    for (const auto& existing : row->policy)
      if (existing.value("Sid", "") == sid)
        throw AwsError("ResourceConflictException",
                       "The statement id (" + sid +
                           ") provided already exists. Please provide a new statement id, or "
                           "remove the existing statement.",
                       409);
    row->policy.push_back(statement);
    row->policy_revision = ids::uuid();
    tables::update_function(db, ref, *row);
  });
  co_return json{{"Statement", statement.dump()}};
}

Awaitable<json> LambdaService::RemovePermission(const Call& call) {
  FunctionRef ref = requested_function(call);
  std::string sid = statement_id(call.input);
  co_await context_.store.write([&](store::Database& db) {
    auto row = tables::function(db, ref);
    if (!row) throw function_not_found(ref.arn());
    require_qualifier(db, ref);
    check_policy_revision(*row, call.input);
    json kept = json::array();
    bool found = false;
    for (auto& existing : row->policy) {
      bool match =
          existing.value("Sid", "") == sid && existing.value("Resource", "") == ref.qualified_arn();
      if (match)
        found = true;
      else
        kept.push_back(std::move(existing));
    }
    if (!found)
      throw AwsError("ResourceNotFoundException",
                     "Statement " + sid + " is not found in resource policy.", 404);
    row->policy = std::move(kept);
    row->policy_revision = ids::uuid();
    tables::update_function(db, ref, *row);
  });
  co_return json::object();
}

json LambdaService::GetPolicy(const Call& call) {
  FunctionRef ref = requested_function(call);
  auto lock = context_.store.lock();
  auto& db = context_.store.db();
  auto row = tables::function(db, ref);
  if (!row) throw function_not_found(ref.arn());
  require_qualifier(db, ref);
  json statements = json::array();
  for (const auto& statement : row->policy)
    if (statement.value("Resource", "") == ref.qualified_arn()) statements.push_back(statement);
  if (statements.empty())
    throw AwsError("ResourceNotFoundException", "The resource you requested does not exist.", 404);
  json policy = {{"Version", "2012-10-17"}, {"Id", "default"}, {"Statement", statements}};
  return {{"Policy", policy.dump()}, {"RevisionId", row->policy_revision}};
}

}  // namespace eddy::services::lambda
