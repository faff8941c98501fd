-- wrk: GET an API path with one of the bench's API tokens (TOKENS of them, eyr_bench_1 …), or none when TOKENS=0.
local path = os.getenv("PAGE") or "/api/v1/challenges/1/ideas?sort=supported"
local tokens = tonumber(os.getenv("TOKENS") or "50")
function init(args) math.randomseed(os.time() * 100) end
request = function()
  if tokens == 0 then return wrk.format("GET", path) end
  return wrk.format("GET", path, { ["Authorization"] = "Bearer eyr_bench_" .. math.random(tokens) })
end
done = function(summary, latency, requests)
  io.write(string.format("p50_ms=%.2f p99_ms=%.2f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
