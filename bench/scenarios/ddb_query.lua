-- DynamoDB Query of one partition holding 100 items, Limit 10. Args: table name, partitions.
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local ddb = require("ddb_common")
local table_name, partitions
function init(args)
  table_name = args[1]
  partitions = tonumber(args[2])
end
function request()
  local body = '{"TableName":"' .. table_name .. '","KeyConditionExpression":"pk = :p AND sk >= :s",' ..
    '"ExpressionAttributeValues":{":p":{"S":"query-' .. math.random(0, partitions - 1) ..
    '"},":s":{"N":"0"}},"Limit":10}'
  return ddb.request("Query", body)
end
