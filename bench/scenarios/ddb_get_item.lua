-- DynamoDB GetItem of a random preloaded item. Args: table name, number of preloaded items.
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local ddb = require("ddb_common")
local get_item = ddb.requester("GetItem")
-- Up to this many items, one request per item is written in init() and each call only picks
-- one; a larger table (the scale test's million) has each request written when it is sent.
local kWrittenAhead = 20000
local table_name, items
local requests = {}
local function request_for(i)
  return get_item('{"TableName":"' .. table_name .. '","Key":{"pk":{"S":"get-' .. i .. '"},"sk":{"N":"0"}}}')
end
function init(args)
  table_name = args[1]
  items = tonumber(args[2])
  if items <= kWrittenAhead then
    for i = 0, items - 1 do requests[i + 1] = request_for(i) end
  end
end
function request()
  if #requests > 0 then return requests[math.random(#requests)] end
  return request_for(math.random(0, items - 1))
end
