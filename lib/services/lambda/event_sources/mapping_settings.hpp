#pragma once
// The batching, starting-position and error-handling members of Create- and
// UpdateEventSourceMapping: checked as Lambda checks them for the kind of source, with its
// defaults filled in, shaped as EventSourceMappingConfiguration returns them.
#include "eddy/aws_error.hpp"
#include "eddy/json.hpp"
#include "services/lambda/event_sources/mapping_table.hpp"

namespace eddy::services::lambda::event_sources {

// CreateEventSourceMapping's settings for a source of `kind`. Throws AwsError.
json settings_for_create(const json& input, SourceKind kind);
// `current` with UpdateEventSourceMapping's members applied. Throws AwsError.
json settings_for_update(const json& input, const json& current, SourceKind kind);

// FunctionResponseTypes includes ReportBatchItemFailures.
bool reports_batch_item_failures(const json& settings);

// "1 validation error detected: Value ... at 'member' failed to satisfy constraint: ...".
AwsError validation_error(const json& value, std::string_view member, std::string_view constraint);

}  // namespace eddy::services::lambda::event_sources
