#pragma once
// The emulator's AWS endpoint: admin routes, then decode -> identify -> dispatch -> encode, one
// log line per request.
#include "emulator/emulator_core.hpp"
#include "http/request_handler.hpp"

namespace eddy {

class EmulatorEndpoint : public RequestHandler {
 public:
  EmulatorEndpoint(EmulatorCore& core, bool log_requests);
  std::size_t body_limit(const protocol::HttpRequest& head) const override;
  Awaitable<protocol::HttpResponse> handle(const protocol::HttpRequest& request) override;

 private:
  protocol::HttpResponse answer_admin(const protocol::HttpRequest& request);

  EmulatorCore& core_;
  bool log_requests_;
  // The body limit of a request the head does not address: the largest any service accepts.
  std::size_t largest_service_limit_ = 0;
};

}  // namespace eddy
