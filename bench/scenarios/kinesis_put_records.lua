-- Kinesis PutRecords (JSON 1.1): 100 records of 100 bytes per call.
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local common = require("common")
local put_records = common.request_builder({
    ["X-Amz-Target"] = "Kinesis_20131202.PutRecords",
    ["Content-Type"] = "application/x-amz-json-1.1",
    ["X-Amz-Date"] = "20261126T000000Z",
    ["Authorization"] = "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=0",
})
local stream
local counter = 0
local data = string.rep("QUJD", 33) .. "QQ=="  -- 100 bytes once decoded
function init(args)
  stream = args[1]
end
function request()
  local records = {}
  for i = 1, 100 do
    counter = counter + 1
    records[i] = '{"PartitionKey":"sensor-' .. counter .. '","Data":"' .. data .. '"}'
  end
  return put_records('{"StreamName":"' .. stream .. '","Records":[' .. table.concat(records, ",") .. ']}')
end
