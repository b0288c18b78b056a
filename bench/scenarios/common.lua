-- Shared by the scenarios: the runner passes the queue URL / topic ARN as wrk arguments
-- (`wrk ... -s scenario.lua URL -- <arg>`), read in init().
--
-- wrk shares the machine's cores with the server it measures, so what the client spends on a
-- request is taken from the server: a request built in Lua for every call cost wrk 2-4 µs more
-- than health.lua's, which wrk sends from one buffer. A request that never changes is therefore
-- set once on wrk itself (constant_request), and one that does has its head written once
-- (request_builder), so every scenario costs the client about what health.lua costs it.
local common = {}

function common.form_escape(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- Call from init(), in a script that defines no request(): wrk then sends these bytes every time
-- without calling into Lua.
function common.constant_request(headers, body, path)
  wrk.method = "POST"
  wrk.path = path or "/"
  for name, value in pairs(headers) do wrk.headers[name] = value end
  wrk.body = body
end

-- The headers of a JSON request for `target` (the service's prefix and the operation) of
-- `service`, beside a signature Eddy does not check; `dated` adds the X-Amz-Date the Node peers
-- (dynalite, kinesalite) insist on.
function common.json_headers(content_type, target, service, dated)
  return {
    ["Content-Type"] = content_type,
    ["X-Amz-Target"] = target,
    ["X-Amz-Date"] = dated and "20261126T000000Z" or nil,
    ["Authorization"] = "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/" .. service ..
      "/aws4_request, SignedHeaders=host, Signature=0",
  }
end

-- A function from a body to the whole request: the request line and headers (with wrk's Host)
-- are written at its first call, and each call appends the body's length and the body.
function common.request_builder(headers, path)
  local head
  return function(body)
    if not head then
      local lines = {"POST " .. (path or "/") .. " HTTP/1.1", "Host: " .. wrk.headers["Host"]}
      for name, value in pairs(headers) do lines[#lines + 1] = name .. ": " .. value end
      lines[#lines + 1] = "Content-Length: "
      head = table.concat(lines, "\r\n")
    end
    return head .. #body .. "\r\n\r\n" .. body
  end
end

return common
