#include "services/dynamodb/consumed_capacity.hpp"

#include "services/dynamodb/dynamodb_errors.hpp"

namespace eddy::services::dynamodb {

CapacityDetail read_capacity_detail(const json& input) {
  auto it = input.find("ReturnConsumedCapacity");
  if (it == input.end() || it->is_null()) return CapacityDetail::none;
  std::string value = it->is_string() ? it->get<std::string>() : it->dump();
  if (value == "NONE") return CapacityDetail::none;
  if (value == "TOTAL") return CapacityDetail::total;
  if (value == "INDEXES") return CapacityDetail::indexes;
  throw errors::validation("1 validation error detected: Value '" + value +
                           "' at 'returnConsumedCapacity' failed to satisfy constraint: Member "
                           "must satisfy enum value set: [INDEXES, TOTAL, NONE]");
}

double write_units(std::size_t bytes) {
  return std::max<double>(1.0, static_cast<double>((bytes + 1023) / 1024));
}

double read_units(std::size_t bytes, bool consistent) {
  double units = std::max<double>(1.0, static_cast<double>((bytes + 4095) / 4096));
  return consistent ? units : units / 2;
}

void ConsumedCapacity::add_index(const SecondaryIndex& index, double units) {
  (index.global ? global_ : local_)[index.name] += units;
}

void ConsumedCapacity::add(const ConsumedCapacity& other) {
  table_ += other.table_;
  for (const auto& [name, units] : other.global_) global_[name] += units;
  for (const auto& [name, units] : other.local_) local_[name] += units;
}

json ConsumedCapacity::to_json(const Table& table, CapacityDetail detail) const {
  if (detail == CapacityDetail::none) return nullptr;
  double total = table_;
  for (const auto& [name, units] : global_) total += units;
  for (const auto& [name, units] : local_) total += units;
  json out = {{"TableName", table.name}, {"CapacityUnits", total}};
  if (detail == CapacityDetail::indexes) {
    out["Table"] = {{"CapacityUnits", table_}};
    auto section = [](const std::map<std::string, double>& indexes) {
      json map = json::object();
      for (const auto& [name, units] : indexes) map[name] = {{"CapacityUnits", units}};
      return map;
    };
    if (!global_.empty()) out["GlobalSecondaryIndexes"] = section(global_);
    if (!local_.empty()) out["LocalSecondaryIndexes"] = section(local_);
  }
  return out;
}

}  // namespace eddy::services::dynamodb
