-- wrk: GET a page as one of the bench sessions. PAGE is the path; RATE (requests/s over all connections), when set,
-- paces each connection so that the whole run offers that rate (for latency at a given load).
local sessions = {}
for line in io.lines(os.getenv("SESSIONS") or "bench/results/sessions.txt") do
  local token = line:match("(%S+)")
  if token then sessions[#sessions + 1] = token end
end
local path = os.getenv("PAGE") or "/challenges/1?sort=supported"
local rate = tonumber(os.getenv("RATE") or "0")
local connections = tonumber(os.getenv("CONNECTIONS") or "8")
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
function init(args) math.randomseed(os.time() * 100 + (id or 0)) end
request = function()
  return wrk.format("GET", path, { ["Cookie"] = "eyrie_session=" .. sessions[math.random(#sessions)] })
end
if rate > 0 then
  -- Exponential gaps (Poisson arrivals), as independent visitors arrive: equal fixed gaps kept the connections in
  -- step and sent every request of a round at the same instant.
  local mean = connections * 1000 / rate
  delay = function() return math.floor(-math.log(1 - math.random()) * mean) end
end
done = function(summary, latency, requests)
  io.write(string.format("p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f\n", latency:percentile(50) / 1000,
                         latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
