#pragma once
// FilterCriteria: up to five event patterns, compiled once with the event-pattern language SNS
// filter policies use; a record passes when any pattern matches it.
#include <vector>

#include "eddy/json.hpp"
#include "filter/filter_policy.hpp"

namespace eddy::services::lambda::event_sources {

class EventFilter {
 public:
  // FilterCriteria as the API shapes it ({"Filters": [{"Pattern": "..."}]}); absent or without
  // filters lets every record through. Throws AwsError InvalidParameterValueException.
  static EventFilter compile(const json& filter_criteria);

  bool empty() const { return patterns_.empty(); }
  // `record` as patterns see it: an SQS body, or Kinesis data, that is JSON appears parsed.
  bool matches(const json& record) const;

 private:
  std::vector<filter::FilterPolicy> patterns_;
};

}  // namespace eddy::services::lambda::event_sources
