#pragma once
// AWS's CBOR flavour of the JSON protocols (Content-Type application/x-amz-cbor-1.1, the AWS SDK
// for Java's default for Kinesis), turned into the JSON a service sees and back. CBOR carries
// blobs as byte strings where JSON carries base64 text, and timestamps as tag 1 over epoch
// milliseconds (AWS's choice; RFC 8949's tag 1 counts seconds) where JSON carries epoch seconds.
// CBOR marks blobs and timestamps; JSON does not, so for answers the service's description names
// the members that are.
#include <string>
#include <string_view>

#include "eddy/json.hpp"
#include "protocol/service_description.hpp"

namespace eddy::protocol {

inline constexpr std::string_view kCborContentType = "application/x-amz-cbor-1.1";

// The request body as the service's JSON input: byte strings become base64 text, and tag-1
// timestamps epoch seconds. Throws AwsError (SerializationException) when the body is not one
// CBOR map.
json cbor_to_service_json(std::string_view body);

// A service's JSON output (or an error body) as CBOR: the service's blob members go out as byte
// strings, its timestamp members as tag 1 over epoch milliseconds.
std::string service_json_to_cbor(const json& value, const ServiceDescription* service);

}  // namespace eddy::protocol
