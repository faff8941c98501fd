-- wrk: members register for a workshop (WORKSHOP) or give their seat back, half and half, as bench sessions (real
-- cookie and CSRF token). The workshop has fewer seats than members, so registrations also join the waiting list
-- and cancellations move it up. Each POST answers with a redirect, which wrk does not follow.
local sessions = {}
for line in io.lines(os.getenv("SESSIONS") or "bench/results/sessions.txt") do
  local token, csrf = line:match("(%S+) (%S+)")
  if token then sessions[#sessions + 1] = { token, csrf } end
end
local workshop = os.getenv("WORKSHOP") or "1"
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
function init(args) math.randomseed(os.time() * 100 + (id or 0)) end
request = function()
  local s = sessions[math.random(#sessions)]
  local path = "/workshops/" .. workshop .. "/registration"
  if math.random(2) == 1 then path = path .. "/cancel" end
  return wrk.format("POST", path,
    { ["Cookie"] = "eyrie_session=" .. s[1], ["Content-Type"] = "application/x-www-form-urlencoded" }, "_csrf=" .. s[2])
end
done = function(summary, latency, requests)
  local bad = summary.errors.status
  io.write(string.format("p50_ms=%.2f p99_ms=%.2f errors=%d\n", latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, bad))
end
