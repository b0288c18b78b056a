#pragma once
// The error documents Lambda itself writes when an invocation fails outside the function's code
// (the runtime crashed, timed out, could not start), worded as AWS words them.
#include <string>
#include <string_view>

namespace eddy::services::lambda::invocation_errors {

// {"errorType":"Runtime.ExitError","errorMessage":"RequestId: ... Error: Runtime exited with
// error: exit status 1"}
std::string runtime_exited(std::string_view request_id, std::string_view exit_description);
// {"errorType":"Sandbox.Timedout","errorMessage":"RequestId: ... Error: Task timed out after
// 3.00 seconds"}
std::string timed_out(std::string_view request_id, int timeout_seconds);
// The runtime could not be started: {"errorType":"Runtime.InvalidEntrypoint", ...}.
std::string invalid_entrypoint(std::string_view request_id, std::string_view detail);
// The response was over the Runtime API's limit.
std::string response_too_large(std::size_t limit);
// An error document the runtime sent without a body.
std::string bare_error(std::string_view error_type);

}  // namespace eddy::services::lambda::invocation_errors
