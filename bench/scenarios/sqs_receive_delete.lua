-- ReceiveMessage then DeleteMessage of what was received, alternating on each connection's
-- thread: the consumer half of a pipeline. Counted per request (a pair is two requests).
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local sqs = require("sqs_common")
local receive, delete = sqs.requester("ReceiveMessage"), sqs.requester("DeleteMessage")
local queue_url
local pending = {}
function init(args)
  queue_url = args[1]
end
function request()
  local handle = table.remove(pending)
  if handle then
    return delete('{"QueueUrl":"' .. queue_url .. '","ReceiptHandle":"' .. handle .. '"}')
  end
  return receive('{"QueueUrl":"' .. queue_url .. '","MaxNumberOfMessages":1,"VisibilityTimeout":60}')
end
function response(status, response_headers, body)
  local handle = body and body:match('"ReceiptHandle"%s*:%s*"([^"]+)"')
  if handle then table.insert(pending, handle) end
end
