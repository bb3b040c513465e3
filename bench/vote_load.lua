-- wrk script for bench/vote_load.py: each request posts the next pre-solved vote form, with its
-- own browser cookie (one voter each). Bodies are split between wrk's threads by line number.
-- args: <bodies file> <thread count>
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file, nthreads = args[1], tonumber(args[2])
  bodies, counts, sent, wrapped = {}, {}, 0, 0
  local i = 0
  for line in io.lines(file) do
    if i % nthreads == id then table.insert(bodies, line) end
    i = i + 1
  end
end

function request()
  sent = sent + 1
  if sent > #bodies then wrapped = wrapped + 1 end
  local line = bodies[((sent - 1) % #bodies) + 1]
  local tab = line:find("\t", 1, true)
  return wrk.format("POST", wrk.path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = line:sub(1, tab - 1),
  }, line:sub(tab + 1))
end

function response(status, headers, body)
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
