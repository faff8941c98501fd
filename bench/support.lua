-- wrk: POST /ideas/:id/support as one of the bench sessions (real cookie and CSRF token), on the big challenge.
local sessions = {}
for line in io.lines(os.getenv("SESSIONS") or "bench/results/sessions.txt") do
  local token, csrf = line:match("(%S+) (%S+)")
  if token then sessions[#sessions + 1] = { token, csrf } end
end
math.randomseed(os.time())
request = function()
  local s = sessions[math.random(#sessions)]
  return wrk.format("POST", "/ideas/" .. math.random(2000) .. "/support",
    { ["Cookie"] = "eyrie_session=" .. s[1], ["Content-Type"] = "application/x-www-form-urlencoded" }, "_csrf=" .. s[2])
end
