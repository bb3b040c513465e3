-- wrk script for the vote benchmarks: each request posts the next prepared vote (path, cookie
-- and form body per line: one voter each), with the Origin a browser sends. Lines are split
-- between wrk's threads. A delay (first argument, ms; 0 for none) paces each connection.
-- Headers given on wrk's command line (Host, X-Forwarded-Proto) are kept.
-- args: <delay ms> <thread count> <bodies file> <origin>
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  pause, origin = tonumber(args[1]), args[4]
  local nthreads = tonumber(args[2])
  bodies, counts, sent, wrapped = {}, {}, 0, 0
  local i = 0
  for line in io.lines(args[3]) do
    if i % nthreads == id then table.insert(bodies, line) end
    i = i + 1
  end
end

function delay()
  return pause
end

function request()
  sent = sent + 1
  if sent > #bodies then wrapped = wrapped + 1 end
  local line = bodies[((sent - 1) % #bodies) + 1]
  local a = line:find("\t", 1, true)
  local b = line:find("\t", a + 1, true)
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["Origin"] = origin
  headers["Cookie"] = line:sub(a + 1, b - 1)
  return wrk.format("POST", line:sub(1, a - 1), headers, line:sub(b + 1))
end

-- A vote is acknowledged by a redirect to the thank-you page; any other answer is counted by
-- its status (a redirect elsewhere as 399).
function response(status, headers, body)
  if status >= 300 and status < 400 and not (headers["Location"] or ""):find("/stem/takk/$") then
    status = 399
  end
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total, wraps = {}, 0
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("counts")) do total[status] = (total[status] or 0) + n end
    wraps = wraps + thread:get("wrapped")
  end
  for status, n in pairs(total) do io.write(string.format("STATUS %d %d\n", status, n)) end
  io.write(string.format("WRAPPED %d\n", wraps))
end
