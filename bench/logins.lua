-- wrk script: hostile logins (bench/load.sh --logins). Every request is a failed login of
-- one of four kinds, round-robin: a wrong password for an unknown name (a full argon2 check
-- against the dummy hash); the same for a real synthetic user (unit02_1, whom load.sh does
-- not log in as: the per-login throttle soon answers these without a check, and refuses
-- that user's right password for 15 minutes too); a 10,000-character name; a 100 KB
-- password (both refused before any check). Each comes from another address in
-- X-Forwarded-For (load.sh has the server trust 127.0.0.1 as a proxy), so that the
-- per-address throttle does not stop the attack: what bounds the work is the password gate
-- (src/auth.rs). The anonymous CSRF check compares the form's token with the duban_csrf
-- cookie, which an attacker sets as they please. Prints the answers by status at the end.

local long_name = string.rep("a", 10000)
local long_password = string.rep("x", 100 * 1024)
local n = 0
local threads = {}
statuses = {}

function setup(thread)
  threads[#threads + 1] = thread
end

local function form(login, password)
  return "csrf_token=bench&login=" .. login .. "&password=" .. password
end

request = function()
  n = n + 1
  local kind = n % 4
  local body
  if kind == 0 then
    body = form("nobody" .. n, "wrong-password")
  elseif kind == 1 then
    body = form("unit02_1", "wrong-password")
  elseif kind == 2 then
    body = form(long_name, "wrong-password")
  else
    body = form("nobody" .. n, long_password)
  end
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "duban_csrf=bench",
    ["X-Forwarded-For"] = string.format("10.%d.%d.%d",
      math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256),
  }
  return wrk.format("POST", "/login", headers, body)
end

response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local all = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for status, count in pairs(counts) do
      all[status] = (all[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(all) do
    parts[#parts + 1] = status .. " × " .. count
  end
  table.sort(parts)
  io.write("statuses: " .. table.concat(parts, ", ") .. "\n")
end
