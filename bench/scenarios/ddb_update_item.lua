-- DynamoDB UpdateItem incrementing a counter of a random preloaded item under a condition.
-- Args: table name, number of preloaded items.
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local ddb = require("ddb_common")
local update_item = ddb.requester("UpdateItem")
-- One request per item, written in init(): each call only picks one.
local requests = {}
function init(args)
  for i = 0, tonumber(args[2]) - 1 do
    requests[i + 1] = update_item('{"TableName":"' .. args[1] .. '","Key":{"pk":{"S":"get-' .. i ..
      '"},"sk":{"N":"0"}},"UpdateExpression":"SET hits = if_not_exists(hits, :zero) + :one",' ..
      '"ConditionExpression":"attribute_exists(pk)",' ..
      '"ExpressionAttributeValues":{":zero":{"N":"0"},":one":{"N":"1"}}}')
  end
end
function request()
  return requests[math.random(#requests)]
end
