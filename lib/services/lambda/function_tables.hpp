#pragma once
// Rows of Lambda's tables: functions, their versions and aliases, packages, event invoke
// configs. Callers hold the store lock (reads) or are inside a store write.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "eddy/json.hpp"
#include "services/lambda/function_name.hpp"
#include "store/database.hpp"

namespace eddy::services::lambda::tables {

struct FunctionRow {
  std::optional<std::int64_t> reserved_concurrency;
  json tags = json::object();
  json policy = json::array();  // statements
  std::string policy_revision;
  std::int64_t last_version = 0;
};

std::optional<FunctionRow> function(store::Database& db, const FunctionRef& ref);
void insert_function(store::Database& db, const FunctionRef& ref, const FunctionRow& row);
void update_function(store::Database& db, const FunctionRef& ref, const FunctionRow& row);
// Removes the function with its versions, aliases, configs and queued invocations.
void delete_function(store::Database& db, const FunctionRef& ref);
// Unqualified names of the functions in (account, region), in name order, after `after`.
std::vector<std::string> function_names(store::Database& db, const std::string& account,
                                        const std::string& region, const std::string& after,
                                        int limit);

// The concurrency reserved by the functions of (account, region), but `except_name`.
std::int64_t reserved_total(store::Database& db, const std::string& account,
                            const std::string& region, const std::string& except_name = {});

// A version's configuration ("$LATEST" or "3"), as GetFunctionConfiguration answers it.
std::optional<json> version(store::Database& db, const FunctionRef& ref,
                            const std::string& version);
void put_version(store::Database& db, const FunctionRef& ref, const std::string& version,
                 const std::string& code_sha256_hex, const json& config);
void delete_version(store::Database& db, const FunctionRef& ref, const std::string& version);
// Every configuration of the function: $LATEST first, then versions in number order.
std::vector<json> versions(store::Database& db, const FunctionRef& ref);

std::optional<json> alias(store::Database& db, const FunctionRef& ref, const std::string& alias);
void put_alias(store::Database& db, const FunctionRef& ref, const std::string& alias,
               const json& config);
void delete_alias(store::Database& db, const FunctionRef& ref, const std::string& alias);
std::vector<json> aliases(store::Database& db, const FunctionRef& ref);

// Stores a package once, whoever else uses it.
void put_code(store::Database& db, const std::string& sha256_hex, const std::string& zip);
std::optional<std::string> code(store::Database& db, const std::string& sha256_hex);
// Drops packages no version refers to any more.
void collect_unused_code(store::Database& db);

std::optional<json> event_invoke_config(store::Database& db, const FunctionRef& ref,
                                        const std::string& qualifier);
void put_event_invoke_config(store::Database& db, const FunctionRef& ref,
                             const std::string& qualifier, const json& config);
void delete_event_invoke_config(store::Database& db, const FunctionRef& ref,
                                const std::string& qualifier);
std::vector<json> event_invoke_configs(store::Database& db, const FunctionRef& ref);

}  // namespace eddy::services::lambda::tables
