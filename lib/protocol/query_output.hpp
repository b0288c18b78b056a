#pragma once
// Query-protocol answers: <OpResponse><OpResult>...</OpResult><ResponseMetadata/></OpResponse>,
// and <ErrorResponse> for errors.
#include <optional>
#include <string>
#include <string_view>

#include "eddy/aws_error.hpp"
#include "eddy/json.hpp"
#include "protocol/service_description.hpp"

namespace eddy::protocol {

std::string query_result_xml(const ServiceDescription& service, std::string_view operation,
                             const json& output, std::string_view request_id);
// The same answer for an output given as JSON text (a preserialized output), written without
// parsing it into a json value, when the text is a non-empty flat object of ASCII strings with no
// escapes, its names in ascending byte order (as a json object holds and writes them) and none
// shaped by an XML rule: a SendMessage answer. nullopt for any other text, for the caller to parse
// and give to query_result_xml, which then writes the same bytes.
std::optional<std::string> flat_result_xml(const ServiceDescription& service,
                                           std::string_view operation, std::string_view json_text,
                                           std::string_view request_id);
std::string query_error_xml(std::string_view xml_namespace, const AwsError& error,
                            std::string_view request_id);

}  // namespace eddy::protocol
