#pragma once
// Query-protocol parameters (Attribute.1.Name=...) to the JSON input shape the service expects.
#include "eddy/json.hpp"
#include "protocol/form.hpp"
#include "protocol/service_description.hpp"

namespace eddy::protocol {

// Every field but Action and Version. Scalars stay strings; services read them through
// core/input.hpp, which accepts both forms.
json query_fields_to_json(const FormFields& fields, const ServiceDescription& service);

}  // namespace eddy::protocol
