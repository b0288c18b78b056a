-- Shared by the DynamoDB scenarios: a JSON 1.0 request for one DynamoDB operation, with the
-- X-Amz-Date dynalite insists on beside the (unchecked) signature.
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local common = require("common")
local ddb = {}

local function headers(operation)
  return common.json_headers("application/x-amz-json-1.0", "DynamoDB_20120810." .. operation,
                             "dynamodb", true)
end

-- A function from a JSON body to the whole request for `operation`.
function ddb.requester(operation)
  return common.request_builder(headers(operation))
end

return ddb
