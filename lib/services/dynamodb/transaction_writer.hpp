#pragma once
// The all-or-nothing write both TransactWriteItems and PartiQL's ExecuteTransaction run, and the
// single write ExecuteStatement and BatchExecuteStatement run: an action is bound to one item of
// one table and says, given that item as it is now, what the item becomes, or why it cannot.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "eddy/aws_error.hpp"
#include "eddy/json.hpp"
#include "services/dynamodb/consumed_capacity.hpp"
#include "services/dynamodb/item_keys.hpp"
#include "services/dynamodb/item_stats.hpp"
#include "services/dynamodb/table.hpp"
#include "store/database.hpp"

namespace eddy::services::dynamodb {

struct ItemWrite {
  enum class Kind { put, update, remove, check };
  Kind kind = Kind::check;
  TablePtr table;
  EncodedKey key;
  // The item after the action, from the current one (null when there is none); nullopt
  // removes it. A check returns the current item unchanged. Refuses by throwing AwsError:
  // ConditionalCheckFailedException (carrying the item when asked), DuplicateItemException, or
  // ValidationException.
  std::function<std::optional<json>(const json* current)> apply;
};

// The item before and after a write (nullopt: none).
struct ItemImages {
  std::optional<json> old_item;
  std::optional<json> new_item;
};

// Runs one write inside a store write; throws what `apply` throws, having changed nothing.
// `images`, when given, receives the item before and after.
ConsumedCapacity run_item_write(store::Database& db, ItemStats& stats, const ItemWrite& write,
                                std::int64_t now_ms, ItemImages* images = nullptr);

// Runs every write or none, inside one store write: each is evaluated against the items as they
// were, and when any refuses, TransactionCanceledException lists a CancellationReason per write.
// Answers the ConsumedCapacity list for `detail` (null for none).
json run_write_transaction(store::Database& db, ItemStats& stats,
                           const std::vector<ItemWrite>& writes, std::int64_t now_ms,
                           CapacityDetail detail);

// "Transaction request cannot include multiple operations on one item"
AwsError repeated_transaction_item();

// The short code a BatchExecuteStatement response or a CancellationReason gives an error:
// ConditionalCheckFailedException -> ConditionalCheckFailed, ValidationException ->
// ValidationError ...
std::string short_error_code(const AwsError& error);

// ClientRequestToken: a retry with the same token within ten minutes answers without running
// again; the same token with other parameters is IdempotentParameterMismatchException.
struct TransactionToken {
  std::string account;
  std::string region;
  std::string token;
  std::string request_hash;
  // true when this token already committed a request with the same parameters.
  bool seen(store::Database& db, std::int64_t now_ms) const;
  void remember(store::Database& db, std::int64_t now_ms) const;
};

}  // namespace eddy::services::dynamodb
