-- wrk: members answering the pairwise survey of the big challenge. Each connection (run with as many threads as
-- connections) is one member at a time: GET the pair, read the prompt token from the form, POST the answer, repeat.
-- Thread k answers as members k, k + T, k + 2T, … (T threads), so no two connections share a member's prompt.
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

local sessions, mine, token, csrf, pending = {}, {}, nil, nil, nil
function init(args)
  local threads = tonumber(os.getenv("CONNECTIONS") or "16")
  for line in io.lines(os.getenv("SESSIONS") or "bench/results/sessions.txt") do
    local t, c = line:match("(%S+) (%S+)")
    if t then sessions[#sessions + 1] = { t, c } end
  end
  for i = id, #sessions, threads do mine[#mine + 1] = sessions[i] end
  math.randomseed(os.time() + id)
end

request = function()
  if pending then
    local body = "_csrf=" .. csrf .. "&prompt=" .. pending .. "&choice=" .. (math.random(2) == 1 and "left" or "right")
    pending = nil
    return wrk.format("POST", "/challenges/1/pairwise",
      { ["Cookie"] = "eyrie_session=" .. token, ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
  end
  local s = mine[math.random(#mine)]
  token, csrf = s[1], s[2]
  return wrk.format("GET", "/challenges/1/pairwise", { ["Cookie"] = "eyrie_session=" .. token })
end

response = function(status, headers, body)
  if status == 200 and body then pending = body:match('name="prompt" value="([^"]+)"') end
end

done = function(summary, latency, requests)
  io.write(string.format("answers=%d errors=%d p50_ms=%.2f p99_ms=%.2f\n", math.floor(summary.requests / 2),
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
