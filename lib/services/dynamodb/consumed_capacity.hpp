#pragma once
// ReturnConsumedCapacity: capacity units as AWS computes them from item sizes: a write unit per
// started KB written, a read unit per started 4 KB read (half for an eventually consistent read).
#include <cstddef>
#include <map>
#include <optional>
#include <string>

#include "eddy/json.hpp"
#include "services/dynamodb/table.hpp"

namespace eddy::services::dynamodb {

enum class CapacityDetail { none, total, indexes };
// Reads ReturnConsumedCapacity (NONE, TOTAL, INDEXES).
CapacityDetail read_capacity_detail(const json& input);

double write_units(std::size_t bytes);
double read_units(std::size_t bytes, bool consistent);

// The capacity one request consumed on one table and its indexes.
class ConsumedCapacity {
 public:
  void add_table(double units) { table_ += units; }
  void add_index(const SecondaryIndex& index, double units);
  // Adds what another read or write on the same table consumed.
  void add(const ConsumedCapacity& other);
  // The ConsumedCapacity member for `detail` (null for none).
  json to_json(const Table& table, CapacityDetail detail) const;

 private:
  double table_ = 0;
  std::map<std::string, double> global_;
  std::map<std::string, double> local_;
};

}  // namespace eddy::services::dynamodb
