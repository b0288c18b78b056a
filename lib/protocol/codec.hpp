#pragma once
// HTTP request -> Call, and output or AwsError -> HTTP response, for every AWS protocol Eddy
// speaks: JSON 1.0/1.1 (X-Amz-Target) and its CBOR form, query (Action=, XML out) and REST-JSON
// (routes).
#include <string>
#include <vector>

#include "eddy/aws_error.hpp"
#include "protocol/call.hpp"
#include "protocol/http_message.hpp"
#include "protocol/service_description.hpp"

namespace eddy::protocol {

class ServiceDirectory {
 public:
  void add(const ServiceDescription& service) { services_.push_back(&service); }
  const ServiceDescription* by_name(std::string_view name) const;
  const ServiceDescription* by_target_prefix(std::string_view prefix) const;
  // The query-protocol service a request with `Action=operation` is for, when neither its
  // signature, its Host nor its path says: the only one that has the operation, else null.
  const ServiceDescription* only_query_service_with(std::string_view operation) const;
  const std::vector<const ServiceDescription*>& all() const { return services_; }

 private:
  std::vector<const ServiceDescription*> services_;
};

// `cbor`: the JSON protocol's targets and shapes, with CBOR bodies (protocol/cbor.hpp).
enum class Protocol { json, cbor, query, rest_json };

struct DecodedRequest {
  Call call;
  Protocol protocol = Protocol::json;
  const ServiceDescription* service = nullptr;
  const RestRoute* route = nullptr;
  std::string_view json_content_type = "application/x-amz-json-1.0";
};

// Fills `out` as far as it can and throws AwsError when the request is not a valid AWS call;
// `out` then still says which protocol to answer the error in.
void decode(const HttpRequest& request, const ServiceDirectory& services, DecodedRequest& out);

HttpResponse encode_result(const DecodedRequest& request, const json& output);
HttpResponse encode_error(const DecodedRequest& request, const AwsError& error);

}  // namespace eddy::protocol
