#pragma once
// The limits every request is held to, whichever HTTP version carries it, and the answers that
// refuse a request beyond them.
#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "eddy/json.hpp"
#include "protocol/http_message.hpp"

namespace eddy::request_limits {

// No AWS request needs a longer target (a presigned URL is a few KiB) or more header.
constexpr std::size_t kMaxTargetBytes = 16 * 1024;
constexpr std::uint32_t kMaxHeaderBytes = 64 * 1024;

inline protocol::HttpResponse refusal(int status, std::string_view code, std::string_view message) {
  protocol::HttpResponse out;
  out.status = status;
  out.content_type = "application/json";
  out.body = json{{"__type", code}, {"message", message}}.dump();
  return out;
}

inline protocol::HttpResponse body_too_large(std::size_t limit) {
  return refusal(
      413, "RequestEntityTooLarge",
      fmt::format("The request body is larger than the {} bytes this endpoint accepts.", limit));
}

inline protocol::HttpResponse target_too_long() {
  return refusal(414, "RequestURITooLong",
                 fmt::format("The request target is longer than {} bytes.", kMaxTargetBytes));
}

inline protocol::HttpResponse header_too_large() {
  return refusal(431, "RequestHeaderFieldsTooLarge",
                 fmt::format("The request header is larger than {} bytes.", kMaxHeaderBytes));
}

inline protocol::HttpResponse internal_failure() {
  return refusal(500, "InternalFailure", "The request processing has failed.");
}

}  // namespace eddy::request_limits
