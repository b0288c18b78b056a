#pragma once
// Who signed a request and for where: the SigV4 credential scope. Signatures are not checked;
// the scope decides the account, the region and, for the query protocol, the service.
#include <optional>
#include <string>
#include <string_view>

#include "protocol/http_message.hpp"

namespace eddy::protocol {

// From `Authorization: AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, ...`
// or a presigned URL's X-Amz-Credential parameter, as views: into the request's Authorization
// header, or into `decoded`, which holds a presigned URL's credential once decoded. Valid while
// both live: every request reads its scope, and keeps only some of it.
struct CredentialScope {
  std::string_view access_key;
  std::string_view date;
  std::string_view region;
  std::string_view service;
};
std::optional<CredentialScope> credential_scope(const HttpRequest& request, std::string& decoded);

// A 12-digit access key is the account (as LocalStack users expect); anything else the default.
std::string account_for_access_key(std::string_view access_key, std::string_view default_account);

}  // namespace eddy::protocol
