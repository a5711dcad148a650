-- One action per request on a case still in LISTEN: POST /api/v1/cases/{id}/acknowledgement (the
-- workflow step), or with BENCH_ACTION=statements a customer's statement (the case stays in LISTEN).
-- Each case is used once: thread t of T takes the ids t+1, t+1+T, ... of the file in BENCH_IDS.
-- Environment: BENCH_IDS (one case id per line), BENCH_KEY (an agent's API key), BENCH_THREADS,
-- BENCH_ACTION (optional).
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  ids = {}
  for line in io.lines(os.getenv("BENCH_IDS")) do
    ids[#ids + 1] = line
  end
  step = tonumber(os.getenv("BENCH_THREADS"))
  next_index = tid + 1
  headers = { ["Content-Type"] = "application/json", ["X-API-Key"] = os.getenv("BENCH_KEY") }
  action = os.getenv("BENCH_ACTION") or "acknowledgement"
  if action == "statements" then
    body = '{"text": "The blender I bought last month stopped working, I need it fixed.", "from": "CUSTOMER"}'
  else
    body = '{"message": "I understand how frustrating this is, and I am sorry you had to wait for us."}'
  end
end

function request()
  local id = ids[((next_index - 1) % #ids) + 1]
  next_index = next_index + step
  return wrk.format("POST", "/api/v1/cases/" .. id .. "/" .. action, headers, body)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_us=%d errors_status=%d errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max))
end
