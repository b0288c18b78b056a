#include "services/sqs/batch_entries.hpp"

#include <algorithm>
#include <set>

#include "core/input.hpp"
#include "protocol/preserialized_json.hpp"
#include "services/sqs/sqs_errors.hpp"
#include "store/transaction.hpp"

namespace eddy::services::sqs::batch_entries {
namespace {
bool valid_id(std::string_view id) {
  return !id.empty() && id.size() <= 80 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}
}  // namespace

std::vector<std::string> check(const json& entries, std::string_view entry_name) {
  std::vector<std::string> ids;
  ids.reserve(entries.size());
  for (const auto& entry : entries) {
    const json* id = eddy::input::member(entry, "Id");
    ids.push_back(id ? eddy::input::text(*id) : std::string());
  }
  check_ids(ids, entry_name);
  return ids;
}

void check_ids(const std::vector<std::string>& ids, std::string_view entry_name) {
  if (ids.empty()) throw errors::empty_batch(entry_name);
  if (ids.size() > 10) throw errors::too_many_entries(ids.size());
  std::set<std::string_view> seen;
  for (const auto& id : ids) {
    if (!valid_id(id)) throw errors::invalid_batch_entry_id();
    if (!seen.insert(id).second) throw errors::batch_ids_not_distinct(id);
  }
}

Outcomes each_in_savepoint(store::Database& db, std::size_t count,
                           const std::function<void(std::size_t)>& each) {
  Outcomes outcomes(count);
  for (std::size_t i = 0; i < count; ++i) {
    try {
      store::Transaction one(db);
      each(i);
      one.commit();
    } catch (const AwsError& error) {
      outcomes[i] = error;
    }
  }
  return outcomes;
}

json answer(const std::vector<std::string>& ids, const Outcomes& outcomes,
            const std::function<json(std::size_t)>& success) {
  json successful = json::array();
  json failed = json::array();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (const auto& error = outcomes[i]) {
      failed.push_back({{"Id", ids[i]},
                        {"SenderFault", error->sender_fault()},
                        {"Code", error->query_code()},
                        {"Message", error->message()}});
    } else {
      json result = success(i);
      result["Id"] = ids[i];
      successful.push_back(std::move(result));
    }
  }
  json out = json::object();
  if (!successful.empty()) out["Successful"] = std::move(successful);
  if (!failed.empty()) out["Failed"] = std::move(failed);
  return out;
}

std::string answer_text(const std::vector<std::string>& ids, const Outcomes& outcomes,
                        const std::function<void(std::size_t, std::string&)>& success_members) {
  std::string out = "{";
  bool any_list = false;
  // Failed before Successful, and each entry's members, in byte order of their names.
  auto list = [&](std::string_view name, bool failures) {
    bool open = false;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (outcomes[i].has_value() != failures) continue;
      if (open) {
        out += ',';
      } else {
        if (any_list) out += ',';
        out += '"';
        out += name;
        out += "\":[";
        open = any_list = true;
      }
      if (failures) {
        const AwsError& error = *outcomes[i];
        out += "{\"Code\":";
        protocol::append_json_string(out, error.query_code());
        out += ",\"Id\":";
        protocol::append_json_string(out, ids[i]);
        out += ",\"Message\":";
        protocol::append_json_string(out, error.message());
        out += error.sender_fault() ? ",\"SenderFault\":true}" : ",\"SenderFault\":false}";
      } else {
        out += "{\"Id\":";
        protocol::append_json_string(out, ids[i]);
        success_members(i, out);
        out += '}';
      }
    }
    if (open) out += ']';
  };
  list("Failed", true);
  list("Successful", false);
  out += '}';
  return out;
}

json apply(store::Database& db, const std::vector<std::string>& ids, const json& entries,
           const std::function<json(const json&)>& each) {
  std::vector<json> results(entries.size());
  auto outcomes =
      each_in_savepoint(db, entries.size(), [&](std::size_t i) { results[i] = each(entries[i]); });
  return answer(ids, outcomes, [&](std::size_t i) { return std::move(results[i]); });
}

}  // namespace eddy::services::sqs::batch_entries
