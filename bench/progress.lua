-- wrk script: a unit head's progress report (报送进展), posted as the item page's form posts
-- it (multipart, with the session's CSRF token in the X-CSRF-Token header: an upload's
-- token travels outside its body, which is read only after the check), round-robin over the open items in
-- DUBAN_ITEMS (comma-separated ids). DUBAN_COOKIE and DUBAN_CSRF come from bench/load.sh.

local boundary = "----duban-bench-boundary"
local ids = {}
for id in string.gmatch(os.getenv("DUBAN_ITEMS") or "", "%d+") do
  ids[#ids + 1] = id
end
if #ids == 0 then
  error("DUBAN_ITEMS is empty: no open item to report progress on")
end

local function field(name, value)
  return "--" .. boundary .. "\r\n"
    .. "Content-Disposition: form-data; name=\"" .. name .. "\"\r\n\r\n"
    .. value .. "\r\n"
end

local body = field("note", "压力测试：已召开专题会议研究部署，各项工作按计划推进。")
  .. "--" .. boundary .. "\r\n"
  .. "Content-Disposition: form-data; name=\"evidence\"; filename=\"\"\r\n"
  .. "Content-Type: application/octet-stream\r\n\r\n\r\n"
  .. "--" .. boundary .. "--\r\n"

local headers = {
  ["Cookie"] = os.getenv("DUBAN_COOKIE"),
  ["X-CSRF-Token"] = os.getenv("DUBAN_CSRF"),
  ["Content-Type"] = "multipart/form-data; boundary=" .. boundary,
}

local n = 0
request = function()
  n = n + 1
  local id = ids[(n % #ids) + 1]
  return wrk.format("POST", "/items/" .. id .. "/progress", headers, body)
end
