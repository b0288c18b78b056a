#include "services/dynamodb/stored_text_page.hpp"

#include "services/dynamodb/item_key_text.hpp"
#include "services/dynamodb/read_answer_text.hpp"

namespace eddy::services::dynamodb {
namespace {

// What the walk collected: the items' texts joined by commas, and where the last one starts.
struct StoredTextRows {
  std::string items;
  std::string last_item;  // Select COUNT keeps no items, only the last for its key
  std::size_t last_start = 0;
  std::int64_t scanned = 0;
  std::int64_t bytes = 0;
  bool stopped = false;

  std::string_view last() const {
    return last_item.empty() ? std::string_view(items).substr(last_start)
                             : std::string_view(last_item);
  }
};

// The walk's visitor, kept small so that std::function holds it without an allocation.
struct StoredTextCollector {
  const PageRequest* request;
  store::Database* db;
  StoredTextRows* rows;
  bool fetch_from_table;

  bool operator()(const item_table::RowColumns& row) const {
    if (request->in_segment && !request->in_segment(row.table_hash())) return true;
    std::string_view text = row.item();
    std::int64_t size = row.size();
    std::optional<item_table::StoredItemText> stored;
    if (fetch_from_table) {
      stored = item_table::get_text(
          *db, request->table->id, {std::string(row.table_hash()), std::string(row.table_range())});
      if (!stored) return true;
      text = stored->text;
      size = stored->size;
    }
    ++rows->scanned;
    rows->bytes += size;
    rows->stopped =
        (request->limit && rows->scanned >= *request->limit) || rows->bytes >= request->max_bytes;
    if (request->select == Select::count) {
      if (rows->stopped) rows->last_item.assign(text);
    } else {
      if (rows->scanned > 1) rows->items += ',';
      rows->last_start = rows->items.size();
      rows->items += text;
    }
    return !rows->stopped;
  }
};

}  // namespace

bool answers_as_stored_text(const PageRequest& request) {
  return !request.filter && !request.where && !request.projection;
}

json read_stored_text_page(store::Store& store, const PageRequest& request, CapacityDetail detail) {
  const Table& table = *request.table;
  // An LSI answers ALL_ATTRIBUTES from the table when it projects less than ALL.
  bool fetch_from_table = request.index && request.index->projection.type != "ALL" &&
                          request.select == Select::all_attributes;
  bool keys = fetch_from_table || request.in_segment;
  StoredTextRows rows;
  if (request.select != Select::count) rows.items.reserve(4096);
  {
    auto reader = store.reader();
    StoredTextCollector collect{&request, &reader.db(), &rows, fetch_from_table};
    item_table::walk_rows(
        reader.db(), request.range,
        keys ? item_table::WalkColumns::item_and_keys : item_table::WalkColumns::item, collect);
  }
  std::string last_key;
  if (rows.stopped && rows.scanned > 0)
    last_key = last_evaluated_key_text(table, request.index, rows.last());
  std::optional<json> capacity;
  if (detail != CapacityDetail::none) {
    ConsumedCapacity units;
    double read = read_units(static_cast<std::size_t>(rows.bytes), request.consistent);
    if (request.index)
      units.add_index(*request.index, read);
    else
      units.add_table(read);
    capacity = units.to_json(table, detail);
  }
  return page_answer_text({.count = rows.scanned,
                           .scanned = rows.scanned,
                           .joined_items = request.select != Select::count ? &rows.items : nullptr,
                           .last_evaluated_key = last_key,
                           .capacity = capacity ? &*capacity : nullptr});
}

}  // namespace eddy::services::dynamodb
