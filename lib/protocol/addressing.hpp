#pragma once
// Which service a request is addressed to, from its head alone (method, target, headers; the
// body is not needed): the listener bounds the body by that service's max_request_bytes before
// reading it, and decode() can route by the same rules.
#include "protocol/codec.hpp"
#include "protocol/http_message.hpp"
#include "protocol/service_description.hpp"

namespace eddy::protocol {

// In order: the X-Amz-Target prefix, the SigV4 credential scope's service, the Host's first
// label, a query resource URL (an old SQS client posting to its queue URL) or a REST route. Null
// when the head does not say (an unsigned query request names only its Action, in the body).
const ServiceDescription* addressed_service(const HttpRequest& head,
                                            const ServiceDirectory& services);

// Whether `path` is one of the service's query resource URLs (ServiceDescription::
// query_resource_path).
bool at_query_resource(const ServiceDescription& service, std::string_view path);
// The query-protocol service called `name` (a signing name, a Host label), or null.
const ServiceDescription* query_service_named(const ServiceDirectory& services,
                                              std::string_view name);
// The query-protocol service the Host's first label names (sqs.localhost:4566), or null.
const ServiceDescription* query_service_by_host(const HttpRequest& head,
                                                const ServiceDirectory& services);

}  // namespace eddy::protocol
