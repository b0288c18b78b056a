-- Kinesis GetRecords (JSON 1.1) of args[2] records (100 when not given) from one shard iterator,
-- the same position every time (the runner hands out an iterator for a shard already holding
-- the records).
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local common = require("common")
function init(args)
  common.constant_request({
    ["X-Amz-Target"] = "Kinesis_20131202.GetRecords",
    ["Content-Type"] = "application/x-amz-json-1.1",
    ["X-Amz-Date"] = "20261126T000000Z",
    ["Authorization"] = "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=0",
  }, '{"ShardIterator":"' .. args[1] .. '","Limit":' .. (args[2] or "100") .. '}')
end
