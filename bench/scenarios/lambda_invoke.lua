-- Lambda Invoke (RequestResponse) of a warm function. Args: function name.
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local common = require("common")
function init(args)
  common.constant_request({
    ["Content-Type"] = "application/json",
    ["X-Amz-Date"] = "20261126T000000Z",
    ["Authorization"] = "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=0",
  }, '{"sensor":"s-17","db":71.5}', "/2015-03-31/functions/" .. args[1] .. "/invocations")
end
