#pragma once
// Who signed a request and for where: the SigV4 credential scope. Signatures are not checked;
// the scope decides the account, the region and, for the query protocol, the service.
#include <optional>
#include <string>

#include "protocol/http_message.hpp"

namespace eddy::protocol {

struct CredentialScope {
  std::string access_key;
  std::string date;
  std::string region;
  std::string service;
};

// From `Authorization: AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, ...`
// or a presigned URL's X-Amz-Credential parameter.
std::optional<CredentialScope> credential_scope(const HttpRequest& request);
// Its service alone, for routing a request by its head: the rest of the scope is read at decode.
std::optional<std::string> credential_service(const HttpRequest& request);
// A 12-digit access key is the account (as LocalStack users expect); anything else the default.
std::string account_for_access_key(std::string_view access_key, std::string_view default_account);

}  // namespace eddy::protocol
