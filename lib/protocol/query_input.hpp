#pragma once
// Query-protocol parameters (Attribute.1.Name=...) to the JSON input shape the service expects.
#include "eddy/json.hpp"
#include "protocol/form.hpp"
#include "protocol/service_description.hpp"

namespace eddy::protocol {

// Every field but Action and Version. Members the description types as integers or booleans become
// JSON numbers and booleans; a list or map rule's member given as one bare value becomes a list of
// that value (`AttributeName=All`), or empty when the value is empty (`AttributeName=`).
json query_fields_to_json(const FormFields& fields, const ServiceDescription& service);

// A list index in a field's name ("MessageAttribute.3.Name") as query_fields_to_json reads it,
// written the one plain way: digits, no leading zero, at most nine. The services' own form readers
// (ServiceDescription::form_operations) take only these, so two spellings never name one entry,
// and leave any other to query_fields_to_json.
bool is_plain_list_index(std::string_view segment);

}  // namespace eddy::protocol
