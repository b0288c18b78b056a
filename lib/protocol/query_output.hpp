#pragma once
// Query-protocol answers: <OpResponse><OpResult>...</OpResult><ResponseMetadata/></OpResponse>,
// and <ErrorResponse> for errors.
#include <string>
#include <string_view>

#include "eddy/aws_error.hpp"
#include "eddy/json.hpp"
#include "protocol/service_description.hpp"

namespace eddy::protocol {

std::string query_result_xml(const ServiceDescription& service, std::string_view operation,
                             const json& output, std::string_view request_id);
std::string query_error_xml(std::string_view xml_namespace, const AwsError& error,
                            std::string_view request_id);

}  // namespace eddy::protocol
