-- Every request a query no other request of the run asks; answers counted by status.
--   wrk -t2 -c16 -d30s -s bench/wrk_distinct.lua http://127.0.0.1:PORT -- \
--     TARGET ACTORS ACCEPT FIRST THREADS
-- TARGET holds one request target (percent-encoded) with the placeholders __ACTOR__ and __LIMIT__;
-- ACTORS one percent-encoded actor IRI a line. Each request takes a random actor and the LIMIT
-- FIRST + n * THREADS + id, its thread's n-th: no two requests of the run alike, and none like a
-- request of another run whose FIRST is 10,000,000 apart. Each thread draws its own actors
-- (seeded with FIRST + id). A request counts as answered only with a 2xx status and a body.

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local target, actors, serial, stride = nil, {}, 0, 0
answered, refused, other, statuses = 0, 0, 0, {}

function init(args)
  local file = assert(io.open(args[1]))
  target = file:read("*l")
  file:close()
  for line in io.lines(args[2]) do
    if line ~= "" then
      actors[#actors + 1] = line
    end
  end
  wrk.headers["Accept"] = args[3]
  stride = tonumber(args[5])
  serial = tonumber(args[4]) + id - stride
  math.randomseed(tonumber(args[4]) + id)
end

function request()
  serial = serial + stride
  local actor = actors[math.random(#actors)]
  local path = target:gsub("__ACTOR__", function() return actor end)
  path = path:gsub("__LIMIT__", tostring(serial))
  return wrk.format(nil, path)
end

function response(status, headers, body)
  if status >= 200 and status < 300 and body ~= nil and #body > 0 then
    answered = answered + 1
  elseif status == 503 then
    refused = refused + 1
  else
    other = other + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local ok, busy, failed, by_status = 0, 0, 0, {}
  for _, thread in ipairs(threads) do
    ok = ok + thread:get("answered")
    busy = busy + thread:get("refused")
    failed = failed + thread:get("other")
    for status, count in pairs(thread:get("statuses")) do
      by_status[status] = (by_status[status] or 0) + count
    end
  end
  local listed = {}
  for status, count in pairs(by_status) do
    listed[#listed + 1] = string.format('"%d": %d', status, count)
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p99_us": %d, '
      .. '"max_us": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d, '
      .. '"answered": %d, "refused": %d, "other": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.timeout,
    ok, busy, failed, table.concat(listed, ", ")))
end
