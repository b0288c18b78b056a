#pragma once
// One page of a Query or Scan: walk the keys in order, count what was read (ScannedCount),
// apply the filter after the Limit (Count), stop at the Limit or at 1 MB read, and say where the
// next page starts (LastEvaluatedKey).
#include <functional>
#include <optional>
#include <string>

#include "eddy/json.hpp"
#include "services/dynamodb/consumed_capacity.hpp"
#include "services/dynamodb/expressions/condition.hpp"
#include "services/dynamodb/expressions/projection.hpp"
#include "services/dynamodb/item_table.hpp"
#include "services/dynamodb/table.hpp"
#include "store/database.hpp"
#include "store/store.hpp"

namespace eddy::services::dynamodb {

// A page stops once it has read this many bytes of items.
constexpr std::int64_t kPageBytes = 1024 * 1024;

enum class Select { all_attributes, all_projected_attributes, specific_attributes, count };

// Reads Select and checks it against the projection and index as AWS does; nullopt when absent.
Select read_select(const json& input, const Table& table, const SecondaryIndex* index,
                   bool has_projection);

struct PageRequest {
  const Table* table = nullptr;
  const SecondaryIndex* index = nullptr;
  item_table::KeyRange range;
  const Condition* filter = nullptr;
  // A PartiQL WHERE: like a filter, it drops items after they are read and counted.
  std::function<bool(const json& item)> where;
  const Projection* projection = nullptr;
  std::optional<std::int64_t> limit;
  // Less than a page when the caller already read part of it (a PartiQL SELECT over partitions).
  std::int64_t max_bytes = kPageBytes;
  Select select = Select::all_attributes;
  bool consistent = false;
  // Scan segments: keep only items whose encoded partition key this accepts.
  std::function<bool(std::string_view hash)> in_segment;
};

// What a page read from the store, as stored text: read with the store lock held, and turned
// into a Page (parsed, filtered, projected) after it is released.
struct PageRows {
  std::vector<std::string> items;
  std::int64_t bytes = 0;
  bool stopped = false;  // at the Limit or at 1 MB: there is a next page
};

struct Page {
  json items = json::array();
  std::int64_t count = 0;
  std::int64_t scanned = 0;
  std::int64_t bytes = 0;  // of the items read
  std::optional<json> last_evaluated_key;
  ConsumedCapacity capacity;
};

PageRows read_page_rows(store::Database& db, const PageRequest& request);
Page finish_page(PageRows rows, const PageRequest& request);
// Both: the page's rows are read on a read connection, beside the writer; filtering and projecting
// them happen after it is handed back.
Page read_page(store::Store& store, const PageRequest& request);

// The LastEvaluatedKey of a page ending at `item`: the table's key attributes and the index's.
json last_key_of(const Table& table, const SecondaryIndex* index, const json& item);

// The `after` position of an ExclusiveStartKey (already checked) for a walk over `range`.
std::vector<std::string> start_position(const Table& table, const SecondaryIndex* index,
                                        const json& start_key, bool with_hash);

// The Limit member: absent, or at least 1.
std::optional<std::int64_t> read_limit(const json& input);

// The Query / Scan answer for a page.
json page_output(Page page, const Table& table, Select select, CapacityDetail detail);

}  // namespace eddy::services::dynamodb
