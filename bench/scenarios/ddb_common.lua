-- Shared by the DynamoDB scenarios: a JSON 1.0 request for one DynamoDB operation, with the
-- X-Amz-Date dynalite insists on beside the (unchecked) signature.
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local common = require("common")
local ddb = {}

local function headers(operation)
  return {
    ["Content-Type"] = "application/x-amz-json-1.0",
    ["X-Amz-Target"] = "DynamoDB_20120810." .. operation,
    ["X-Amz-Date"] = "20261126T000000Z",
    ["Authorization"] = "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
  }
end

-- A function from a JSON body to the whole request for `operation`.
function ddb.requester(operation)
  return common.request_builder(headers(operation))
end

return ddb
