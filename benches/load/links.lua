-- wrk script for the links service (examples/links_service.rs): a fixed rotation of
-- success and error routes, and a check of every response's status and headers.
--
-- Seeded by run.sh: lnk_1 and lnk_2 live, lnk_3 deleted, the workspace at its plan
-- limit. With the default rate limit, authenticated requests turn into 429s.

local base = "/v1/workspaces/ws_demo/links"
local alice = { ["authorization"] = "Bearer sk_alice" }
local json = { ["authorization"] = "Bearer sk_alice", ["content-type"] = "application/json" }

-- { method, path, headers, body }, repeated to weight the mix towards successes.
local routes = {}
local function add(times, method, path, headers, body)
  for _ = 1, times do
    routes[#routes + 1] = wrk.format(method, path, headers, body)
  end
end

add(10, "GET", base .. "/lnk_1", alice)                                    -- 200
add(4, "GET", base, alice)                                                 -- 200 list
add(1, "POST", base, json, '{"url":"https://example.com/new"}')            -- 403 PLAN_LIMIT_EXCEEDED
add(1, "GET", base)                                                        -- 401 API_KEY_REQUIRED
add(1, "GET", base, { ["authorization"] = "Bearer sk_mallory" })           -- 403 NOT_A_MEMBER
add(1, "GET", base .. "/lnk_404", alice)                                   -- 404 LINK_NOT_FOUND
add(1, "GET", base .. "/lnk_3", alice)                                     -- 410 LINK_GONE
add(1, "POST", base, json, '{"url":"ftp://example.com"}')                  -- 400 VALIDATION_FAILED
add(1, "POST", base, json, '{not json')                                    -- 400 INVALID_JSON
add(1, "DELETE", base, alice)                                              -- 405 METHOD_NOT_ALLOWED
add(1, "GET", "/v1/nowhere")                                               -- 404 NOT_FOUND

-- Globals of each thread, read by done() with thread:get.
counter = 0
statuses = {}
problems = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  -- Threads start at different points of the rotation.
  counter = id * 7
end

function request()
  counter = counter + 1
  return routes[(counter % #routes) + 1]
end

-- Every response carries a request id; every error is JSON; every 401 has a
-- challenge; every 429 a Retry-After; every 405 an Allow.
function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  local ok = headers["x-request-id"] ~= nil
  if status >= 400 then
    ok = ok and headers["content-type"] == "application/json"
    ok = ok and body:sub(1, 10) == '{"error":"'
  end
  if status == 401 then ok = ok and headers["www-authenticate"] ~= nil end
  if status == 429 then ok = ok and tonumber(headers["retry-after"] or "0") >= 1 end
  if status == 405 then ok = ok and headers["allow"] ~= nil end
  if not ok then problems = problems + 1 end
end

function done(summary, latency, requests)
  local total = {}
  local bad = 0
  for _, thread in ipairs(threads) do
    for key, count in pairs(thread:get("statuses")) do
      total[key] = (total[key] or 0) + count
    end
    bad = bad + thread:get("problems")
  end
  local keys = {}
  for key in pairs(total) do keys[#keys + 1] = key end
  table.sort(keys)
  io.write("statuses:")
  for _, key in ipairs(keys) do io.write(string.format(" %s=%d", key, total[key])) end
  io.write("\n")
  io.write(string.format("responses failing the header/body checks: %d\n", bad))
  local e = summary.errors
  io.write(string.format("requests: %d in %.1f s, %.0f/s; socket errors: connect %d, read %d, write %d, timeout %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    e.connect, e.read, e.write, e.timeout))
  io.write(string.format("latency us: p50 %d, p90 %d, p99 %d, p99.9 %d, max %d\n",
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max))
end
