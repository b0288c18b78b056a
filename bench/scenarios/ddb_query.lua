-- DynamoDB Query of one partition holding 100 items, Limit 10. Args: table name, partitions.
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local ddb = require("ddb_common")
local query = ddb.requester("Query")
-- One request per partition, written in init(): each call only picks one.
local requests = {}
function init(args)
  for p = 0, tonumber(args[2]) - 1 do
    requests[p + 1] = query('{"TableName":"' .. args[1] .. '","KeyConditionExpression":"pk = :p AND sk >= :s",' ..
      '"ExpressionAttributeValues":{":p":{"S":"query-' .. p .. '"},":s":{"N":"0"}},"Limit":10}')
  end
end
function request()
  return requests[math.random(#requests)]
end
