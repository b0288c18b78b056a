#pragma once
// An asynchronous HTTP/1.1 client on the emulator's executor: one request per connection, every
// step bounded by the request's timeout, failures returned rather than thrown. SNS posts to
// HTTP/S subscription endpoints with it. HTTPS does not verify certificates: endpoints under test
// are usually self-signed.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/asio.hpp"

namespace eddy::net {

struct Url {
  std::string scheme;  // http or https
  std::string host;    // without brackets for IPv6 literals
  std::string port;
  std::string target;  // path and query, "/" at least

  static std::optional<Url> parse(std::string_view text);
};

struct ClientRequest {
  std::string method = "POST";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{15000};
};

struct ClientResponse {
  int status = 0;  // 0 when no response came back
  std::string body;
  std::string error;  // non-empty when the request failed before a response was read

  bool succeeded() const { return error.empty() && status >= 200 && status < 300; }
};

// Runs on the calling coroutine's executor.
Awaitable<ClientResponse> send(ClientRequest request);

}  // namespace eddy::net
