-- Kinesis PutRecords (JSON 1.1): 100 records of 100 bytes per call.
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local put_records = require("kinesis_common").requester("PutRecords")
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
