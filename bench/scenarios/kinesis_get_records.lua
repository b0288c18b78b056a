-- Kinesis GetRecords (JSON 1.1) of args[2] records (100 when not given) from one shard iterator,
-- the same position every time (the runner hands out an iterator for a shard already holding
-- the records).
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local common = require("common")
local kinesis = require("kinesis_common")
function init(args)
  common.constant_request(kinesis.headers("GetRecords"),
    '{"ShardIterator":"' .. args[1] .. '","Limit":' .. (args[2] or "100") .. '}')
end
