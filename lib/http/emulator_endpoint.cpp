#include "http/emulator_endpoint.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "eddy/log.hpp"
#include "protocol/addressing.hpp"
#include "protocol/codec.hpp"

namespace eddy {
namespace {

// Admin routes take small JSON bodies at most.
constexpr std::size_t kAdminBodyLimit = 1024 * 1024;

bool is_admin(std::string_view target) {
  return target.starts_with("/_eddy/") || target.starts_with("/moto-api/") ||
         target.starts_with("/_localstack/");
}

// Answered while the services are still being prepared: they read none of the services' state.
bool is_health_check(std::string_view path) {
  return path == "/_eddy/health" || path == "/_localstack/health";
}

double endpoint_milliseconds_since(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
      .count();
}

}  // namespace

EmulatorEndpoint::EmulatorEndpoint(EmulatorCore& core, bool log_requests)
    : core_(core), log_requests_(log_requests) {
  for (const auto* service : core_.directory().all())
    largest_service_limit_ = std::max(largest_service_limit_, service->max_request_bytes);
  if (largest_service_limit_ == 0)
    largest_service_limit_ = protocol::ServiceDescription{}.max_request_bytes;
}

std::size_t EmulatorEndpoint::body_limit(const protocol::HttpRequest& head) const {
  if (is_admin(head.target)) return kAdminBodyLimit;
  const auto* service = protocol::addressed_service(head, core_.directory());
  return service ? service->max_request_bytes : largest_service_limit_;
}

protocol::HttpResponse EmulatorEndpoint::answer_admin(const protocol::HttpRequest& request) {
  if (auto routed = core_.admin(request)) return std::move(*routed);
  protocol::HttpResponse out;
  out.status = 404;
  out.content_type = "application/json";
  out.body = R"({"message":"No such Eddy admin route."})";
  return out;
}

Awaitable<protocol::HttpResponse> EmulatorEndpoint::handle(const protocol::HttpRequest& request) {
  auto started = std::chrono::steady_clock::now();
  if (is_admin(request.target)) {
    // Only in an in-memory server's first milliseconds (EmulatorConfig::prepare_in_background).
    if (!core_.ready() && !is_health_check(request.path())) co_await core_.wait_until_ready();
    // Apart, so health checks build (and tear down) no DecodedRequest they never use.
    protocol::HttpResponse out = answer_admin(request);
    if (log_requests_ && log::enabled(log::Level::info))
      log::write(log::Level::info, fmt::format("admin {} {} {:.3f}ms", request.path(), out.status,
                                               endpoint_milliseconds_since(started)));
    co_return out;
  }

  protocol::HttpResponse out;
  protocol::DecodedRequest decoded;
  std::optional<AwsError> failure;
  try {
    protocol::decode(request, core_.directory(), decoded);
  } catch (const AwsError& e) {
    failure = e;
  }
  if (!failure) {
    try {
      // As for admin routes, but only the addressed service and those it may call.
      if (!core_.ready()) co_await core_.wait_until_ready(decoded.call.service);
      core_.identify(decoded.call);
      json output = co_await core_.dispatch(decoded.call);
      out = protocol::encode_result(decoded, output);
    } catch (const AwsError& e) {
      failure = e;
    } catch (const std::exception& e) {
      log::write(log::Level::error, fmt::format("{} {} failed: {}", decoded.call.service,
                                                decoded.call.operation, e.what()));
      failure = AwsError("InternalFailure", "The request processing has failed.", 500, false);
    }
  }
  if (failure) out = protocol::encode_error(decoded, *failure);

  if (log_requests_ && log::enabled(log::Level::info))
    log::write(
        log::Level::info,
        fmt::format("{} {} {} {:.3f}ms {}",
                    decoded.call.service.empty() ? "-" : decoded.call.service,
                    decoded.call.operation.empty() ? "-" : decoded.call.operation, out.status,
                    endpoint_milliseconds_since(started), decoded.call.request_id));
  co_return out;
}

}  // namespace eddy
