#include "services/sqs/batch_entries.hpp"

#include <algorithm>
#include <set>

#include "core/input.hpp"
#include "services/sqs/sqs_errors.hpp"
#include "store/transaction.hpp"

namespace eddy::services::sqs::batch_entries {
namespace {
bool valid_id(const std::string& id) {
  return !id.empty() && id.size() <= 80 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}
}  // namespace

void check(const json& entries, std::string_view entry_name) {
  if (entries.empty()) throw errors::empty_batch(entry_name);
  if (entries.size() > 10) throw errors::too_many_entries(entries.size());
  std::set<std::string> seen;
  for (const auto& entry : entries) {
    const json* id = eddy::input::member(entry, "Id");
    std::string text = id ? eddy::input::text(*id) : std::string();
    if (!valid_id(text)) throw errors::invalid_batch_entry_id();
    if (!seen.insert(text).second) throw errors::batch_ids_not_distinct(text);
  }
}

json apply(store::Database& db, const json& entries, const std::function<json(const json&)>& each) {
  json successful = json::array();
  json failed = json::array();
  for (const auto& entry : entries) {
    std::string id = eddy::input::text(entry.at("Id"));
    try {
      store::Transaction one(db);
      json result = each(entry);
      one.commit();
      result["Id"] = std::move(id);
      successful.push_back(std::move(result));
    } catch (const AwsError& error) {
      failed.push_back({{"Id", std::move(id)},
                        {"SenderFault", error.sender_fault()},
                        {"Code", error.query_code()},
                        {"Message", error.message()}});
    }
  }
  json out = json::object();
  if (!successful.empty()) out["Successful"] = std::move(successful);
  if (!failed.empty()) out["Failed"] = std::move(failed);
  return out;
}

}  // namespace eddy::services::sqs::batch_entries
