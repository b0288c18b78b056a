-- Shared by the Kinesis scenarios: the headers of a JSON 1.1 request for one Kinesis operation,
-- with the X-Amz-Date kinesalite insists on beside the (unchecked) signature.
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local common = require("common")
local kinesis = {}

function kinesis.headers(operation)
  return common.json_headers("application/x-amz-json-1.1", "Kinesis_20131202." .. operation,
                             "kinesis", true)
end

-- A function from a JSON body to the whole request for `operation`.
function kinesis.requester(operation)
  return common.request_builder(kinesis.headers(operation))
end

return kinesis
