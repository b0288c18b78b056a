-- DynamoDB PutItem of a new ~200-byte item each time. Args: table name.
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local ddb = require("ddb_common")
local put_item = ddb.requester("PutItem")
local table_name
local counter = 0
local note = string.rep("x", 100)
function init(args)
  table_name = args[1]
end
function request()
  counter = counter + 1
  local body = '{"TableName":"' .. table_name .. '","Item":{"pk":{"S":"put-' .. math.random(1, 1000000000) ..
    '"},"sk":{"N":"' .. counter .. '"},"sensor":{"S":"s-17"},"db":{"N":"71.5"},' ..
    '"district":{"S":"hyde-park"},"note":{"S":"' .. note .. '"}}}'
  return put_item(body)
end
