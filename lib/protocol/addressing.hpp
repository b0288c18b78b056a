#pragma once
// Which service a request is addressed to, from its head alone (method, target, headers; the
// body is not needed): the listener bounds the body by that service's max_request_bytes before
// reading it, and decode() can route by the same rules.
#include "protocol/codec.hpp"
#include "protocol/http_message.hpp"
#include "protocol/service_description.hpp"

namespace eddy::protocol {

// In order: the X-Amz-Target prefix, the SigV4 credential scope's service, a REST route, and an
// old SQS client posting to a queue URL (/<12-digit account>/<queue name>). Null when the head
// does not say (an unsigned query request names only its Action, in the body).
const ServiceDescription* addressed_service(const HttpRequest& head,
                                            const ServiceDirectory& services);

}  // namespace eddy::protocol
