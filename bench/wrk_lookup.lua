-- wrk script of the load benchmark (bench/load.py). Each connection cycles through the
-- query strings of $BENCH_PAIRS (valid code/secret pairs spread over the whole table) on
-- $BENCH_PATH, each wrk thread from its own offset; without pairs it requests the bare path.
-- done() prints one line "BENCH {json}" with the counts and latency percentiles.

local path = os.getenv("BENCH_PATH") or "/"
local pairs_file = os.getenv("BENCH_PAIRS") or ""
local queries = {}
local counter = 0
local threads = 0

function setup(thread)
  thread:set("thread_no", threads)
  threads = threads + 1
end

function init(args)
  if pairs_file ~= "" then
    for line in io.lines(pairs_file) do
      if line ~= "" then queries[#queries + 1] = line end
    end
  end
  if #queries > 0 then counter = (thread_no * 7919) % #queries end
end

function request()
  if #queries == 0 then return wrk.format("GET", path) end
  counter = counter % #queries + 1
  return wrk.format("GET", path .. "?" .. queries[counter])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, ' ..
    '"p999_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, latency.mean))
end
