-- wrk script for bench/vote_modes.py: each request is the next prepared line of a file, one
-- voter each (an e-mail link's POST, or an e-ID callback with its session cookie). A line is
-- "METHOD<tab>path<tab>cookie<tab>body"; lines are split between wrk's threads by number.
-- A thread that has sent all its lines stops (a line sent twice would be a retry, which says
-- nothing about new ballots), so a run may end before its duration. wrk still divides by the
-- whole duration, so when every thread has stopped the script prints ELAPSED: the seconds from
-- the first request to the last answer, by the monotonic clock (LuaJIT's ffi), over which the
-- bench computes the rate instead. Lines sent past the end anyway (between the last one and
-- the stop) are counted as WRAPPED.
-- args: <delay ms> <thread count> <lines file>
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } kaaring_timespec;
int clock_gettime(int clock_id, kaaring_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local timespec = ffi.new("kaaring_timespec")

local function now()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) + tonumber(timespec.tv_nsec) / 1e9
end

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do table.insert(fields, field) end
  return fields
end

function init(args)
  pause = tonumber(args[1])
  local nthreads, file = tonumber(args[2]), args[3]
  lines, counts, sent, wrapped, stopped = {}, {}, 0, 0, 0
  started, finished = 0, 0
  local i = 0
  for line in io.lines(file) do
    if i % nthreads == id then table.insert(lines, split(line)) end
    i = i + 1
  end
end

function delay()
  return pause
end

function request()
  if started == 0 then started = now() end
  sent = sent + 1
  if sent > #lines then wrapped = wrapped + 1 end
  local line = lines[((sent - 1) % #lines) + 1]
  -- wrk.format uses the given headers instead of the command line's (Host, proxy), not both.
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["Cookie"] = line[3]
  local body = nil
  if line[1] == "POST" then
    -- As a browser's form post: the CSRF check of an HTTPS request wants the origin.
    headers["Origin"] = "https://" .. wrk.headers["Host"]
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    body = line[4]
  end
  return wrk.format(line[1], line[2], headers, body)
end

-- A ballot is acknowledged by a redirect to the thank-you page; any other answer is counted by
-- its status (a redirect elsewhere as 399, which the bench counts as bad).
function response(status, headers, body)
  if status >= 300 and status < 400 and not (headers["Location"] or ""):find("/stem/takk/$") then
    status = 399
  end
  counts[status] = (counts[status] or 0) + 1
  if sent >= #lines and stopped == 0 then
    stopped = 1
    finished = now()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local total, wraps, stops, first, last = {}, 0, 0, nil, 0
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("counts")) do total[status] = (total[status] or 0) + n end
    wraps = wraps + thread:get("wrapped")
    stops = stops + thread:get("stopped")
    local began = thread:get("started")
    if began > 0 and (first == nil or began < first) then first = began end
    last = math.max(last, thread:get("finished"))
  end
  for status, n in pairs(total) do io.write(string.format("STATUS %d %d\n", status, n)) end
  io.write(string.format("WRAPPED %d\n", wraps))
  io.write(string.format("EXHAUSTED %d\n", stops))
  if stops == #threads and first ~= nil and last > first then
    io.write(string.format("ELAPSED %.6f\n", last - first))
  end
end
