#include "services/dynamodb/item_pages.hpp"

#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/values/key_encoding.hpp"
#include "services/dynamodb/values/stored_item_text.hpp"

namespace eddy::services::dynamodb {
json last_key_of(const Table& table, const SecondaryIndex* index, const json& item) {
  json key = json::object();
  auto copy = [&](const std::string& name) {
    auto it = item.find(name);
    if (it != item.end()) key[name] = *it;
  };
  copy(table.keys.hash);
  if (table.keys.range) copy(*table.keys.range);
  if (index) {
    copy(index->keys.hash);
    if (index->keys.range) copy(*index->keys.range);
  }
  return key;
}

Select read_select(const json& input, const Table& table, const SecondaryIndex* index,
                   bool has_projection) {
  std::string projection_member =
      input.contains("ProjectionExpression") ? "ProjectionExpression" : "AttributesToGet";
  auto it = input.find("Select");
  if (it == input.end() || it->is_null()) {
    if (has_projection) return Select::specific_attributes;
    return index ? Select::all_projected_attributes : Select::all_attributes;
  }
  std::string value = it->is_string() ? it->get<std::string>() : it->dump();
  if (value == "ALL_ATTRIBUTES") {
    if (has_projection)
      throw errors::validation("Cannot specify the " + projection_member +
                               " when choosing to get ALL_ATTRIBUTES");
    if (index && index->global && index->projection.type != "ALL")
      throw errors::invalid_parameter(
          "Select type ALL_ATTRIBUTES is not supported for global "
          "secondary index " +
          index->name + " because its projection type is not ALL");
    return Select::all_attributes;
  }
  if (value == "ALL_PROJECTED_ATTRIBUTES") {
    if (has_projection)
      throw errors::validation("Cannot specify the " + projection_member +
                               " when choosing to get ALL_PROJECTED_ATTRIBUTES");
    if (!index)
      throw errors::validation(
          "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
    return Select::all_projected_attributes;
  }
  if (value == "COUNT") {
    if (has_projection)
      throw errors::validation("Cannot specify the " + projection_member +
                               " when choosing to get only the Count");
    return Select::count;
  }
  if (value == "SPECIFIC_ATTRIBUTES") {
    if (!has_projection)
      throw errors::validation(
          "Must specify the AttributesToGet or ProjectionExpression when choosing to get "
          "SPECIFIC_ATTRIBUTES");
    return Select::specific_attributes;
  }
  (void)table;
  throw errors::validation("1 validation error detected: Value '" + value +
                           "' at 'select' failed to satisfy constraint: Member must satisfy enum "
                           "value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, "
                           "ALL_PROJECTED_ATTRIBUTES]");
}

std::optional<std::int64_t> read_limit(const json& input) {
  auto it = input.find("Limit");
  if (it == input.end() || it->is_null()) return std::nullopt;
  std::int64_t limit = it->is_number_integer() ? it->get<std::int64_t>() : 0;
  if (limit < 1)
    throw errors::validation("1 validation error detected: Value '" + std::to_string(limit) +
                             "' at 'limit' failed to satisfy constraint: Member must have value "
                             "greater than or equal to 1");
  return limit;
}

std::vector<std::string> start_position(const Table& table, const SecondaryIndex* index,
                                        const json& start_key, bool with_hash) {
  std::vector<std::string> out;
  auto encode_or_empty = [&](const std::optional<std::string>& name) {
    return name ? encode_key_value(start_key.at(*name)) : std::string();
  };
  if (index) {
    if (!with_hash) out.push_back(encode_key_value(start_key.at(index->keys.hash)));
    out.push_back(encode_or_empty(index->keys.range));
    out.push_back(encode_key_value(start_key.at(table.keys.hash)));
    out.push_back(encode_or_empty(table.keys.range));
  } else {
    if (!with_hash) out.push_back(encode_key_value(start_key.at(table.keys.hash)));
    out.push_back(encode_or_empty(table.keys.range));
  }
  return out;
}

PageRows read_page_rows(store::Database& db, const PageRequest& request) {
  PageRows rows;
  const Table& table = *request.table;
  // An LSI answers ALL_ATTRIBUTES from the table when it projects less than ALL.
  bool fetch_from_table = request.index && request.index->projection.type != "ALL" &&
                          request.select == Select::all_attributes;
  item_table::walk(db, request.range, [&](const item_table::Row& row) {
    if (request.in_segment && !request.in_segment(row.table_hash)) return true;
    if (fetch_from_table) {
      auto stored = item_table::get_text(
          db, table.id, {std::string(row.table_hash), std::string(row.table_range)});
      if (!stored) return true;
      rows.items.push_back(std::move(stored->text));
    } else {
      rows.items.emplace_back(row.item);
    }
    rows.bytes += row.size;
    auto scanned = static_cast<std::int64_t>(rows.items.size());
    rows.stopped = (request.limit && scanned >= *request.limit) || rows.bytes >= request.max_bytes;
    return !rows.stopped;
  });
  return rows;
}

Page finish_page(PageRows rows, const PageRequest& request) {
  Page page;
  page.scanned = static_cast<std::int64_t>(rows.items.size());
  page.bytes = rows.bytes;
  for (std::size_t i = 0; i < rows.items.size(); ++i) {
    json item = parse_stored_item(rows.items[i]);
    if (rows.stopped && i + 1 == rows.items.size())
      page.last_evaluated_key = last_key_of(*request.table, request.index, item);
    if (request.filter && !request.filter->matches(item)) continue;
    if (request.where && !request.where(item)) continue;
    ++page.count;
    if (request.select != Select::count)
      page.items.push_back(request.projection ? request.projection->apply(item) : std::move(item));
  }
  double units = read_units(static_cast<std::size_t>(rows.bytes), request.consistent);
  if (request.index)
    page.capacity.add_index(*request.index, units);
  else
    page.capacity.add_table(units);
  return page;
}

Page read_page(store::Store& store, const PageRequest& request) {
  PageRows rows;
  {
    auto reader = store.reader();
    rows = read_page_rows(reader.db(), request);
  }
  return finish_page(std::move(rows), request);
}

json page_output(Page page, const Table& table, Select select, CapacityDetail detail) {
  std::optional<json> capacity;
  if (detail != CapacityDetail::none) capacity = page.capacity.to_json(table, detail);
  json out = {{"Count", page.count}, {"ScannedCount", page.scanned}};
  if (select != Select::count) out["Items"] = std::move(page.items);
  if (page.last_evaluated_key) out["LastEvaluatedKey"] = std::move(*page.last_evaluated_key);
  if (capacity) out["ConsumedCapacity"] = std::move(*capacity);
  return out;
}

}  // namespace eddy::services::dynamodb
