-- Kinesis PutRecord (JSON 1.1): a 100-byte record, partition keys spread over the shards.
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local put_record = require("kinesis_common").requester("PutRecord")
local stream
local counter = 0
local data = string.rep("QUJD", 33) .. "QQ=="  -- 100 bytes once decoded
function init(args)
  stream = args[1]
end
function request()
  counter = counter + 1
  return put_record('{"StreamName":"' .. stream .. '","PartitionKey":"sensor-' .. counter ..
    '","Data":"' .. data .. '"}')
end
