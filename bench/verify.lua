-- wrk script: GET /api/public/certificates/{number}?name=… for random
-- genuine (number, name) pairs read from the file in $ZXKH_PAIRS, and a
-- latency summary (p50/p99 in ms) printed by done().
local pairs_file = os.getenv("ZXKH_PAIRS")
local paths = {}

function init(args)
  for line in io.lines(pairs_file) do
    local number, name = line:match("^(%S+) (%S+)$")
    if number then
      paths[#paths + 1] = "/api/public/certificates/" .. number .. "?name=" .. name
    end
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function done(summary, latency, requests)
  io.write(string.format("rps=%.0f p50_ms=%.3f p99_ms=%.3f errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write +
      summary.errors.timeout, summary.errors.status))
end
