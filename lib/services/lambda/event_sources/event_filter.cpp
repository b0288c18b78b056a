#include "services/lambda/event_sources/event_filter.hpp"

#include <algorithm>

#include "eddy/aws_error.hpp"

namespace eddy::services::lambda::event_sources {
namespace {

constexpr std::size_t kMaxFilters = 5;
constexpr std::size_t kMaxPatternLength = 4096;

AwsError invalid_pattern() {
  return AwsError("InvalidParameterValueException", "Invalid filter pattern definition.", 400);
}

}  // namespace

EventFilter EventFilter::compile(const json& filter_criteria) {
  EventFilter out;
  if (filter_criteria.is_null()) return out;
  if (!filter_criteria.is_object()) throw invalid_pattern();
  auto filters = filter_criteria.find("Filters");
  if (filters == filter_criteria.end() || filters->is_null()) return out;
  if (!filters->is_array()) throw invalid_pattern();
  if (filters->size() > kMaxFilters)
    throw AwsError("InvalidParameterValueException",
                   "The maximum number of filters per event source mapping has been exceeded. "
                   "Filters allowed: 5.",
                   400);
  for (const json& filter : *filters) {
    auto pattern = filter.is_object() ? filter.find("Pattern") : filter.end();
    if (pattern == filter.end() || !pattern->is_string()) throw invalid_pattern();
    const auto& text = pattern->get_ref<const std::string&>();
    if (text.size() > kMaxPatternLength) throw invalid_pattern();
    try {
      out.patterns_.push_back(filter::FilterPolicy::compile(text, filter::Scope::event_pattern));
    } catch (const filter::InvalidFilterPolicy&) {
      throw invalid_pattern();
    }
  }
  return out;
}

bool EventFilter::matches(const json& record) const {
  if (patterns_.empty()) return true;
  return std::any_of(patterns_.begin(), patterns_.end(), [&](const filter::FilterPolicy& pattern) {
    return pattern.matches_body(record);
  });
}

}  // namespace eddy::services::lambda::event_sources
