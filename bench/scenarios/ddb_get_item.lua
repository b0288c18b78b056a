-- DynamoDB GetItem of a random preloaded item. Args: table name, number of preloaded items.
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local ddb = require("ddb_common")
local table_name, items
function init(args)
  table_name = args[1]
  items = tonumber(args[2])
end
function request()
  local body = '{"TableName":"' .. table_name .. '","Key":{"pk":{"S":"get-' .. math.random(0, items - 1) ..
    '"},"sk":{"N":"0"}}}'
  return ddb.request("GetItem", body)
end
