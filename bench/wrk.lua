-- Each request asks for a random path of a list, with one Accept header; the figures end as
-- one JSON line.  wrk -t2 -c16 -d10s -s bench/wrk.lua http://127.0.0.1:PORT -- PATHS ACCEPT
-- PATHS holds one request target a line (percent-encoded already), drawn from the corpus.

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local paths = {}

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  wrk.headers["Accept"] = args[2]
  math.randomseed(id)  -- reproducible: each thread draws the same sequence in every run
end

function request()
  return wrk.format(nil, paths[math.random(#paths)])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p99_us": %d, '
      .. '"max_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
