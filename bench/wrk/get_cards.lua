-- GetCard of a card drawn at random from a list, so the load touches the whole table.
-- wrk -s get_cards.lua URL -- TOKEN PROXIES_FILE   (one card proxy a line)

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

local proxies = {}
local headers

function init(args)
  local token, path = args[1], args[2]
  if token == nil or path == nil then
    error("usage: wrk -s get_cards.lua URL -- TOKEN PROXIES_FILE")
  end
  for line in io.lines(path) do
    if line ~= "" then
      proxies[#proxies + 1] = line
    end
  end
  math.randomseed(os.time() * 1000 + (thread_number or 0))
  headers = { ["Authorization"] = "Bearer " .. token }
end

function request()
  local proxy = proxies[math.random(1, #proxies)]
  return wrk.format("GET", "/api/v1/cards/" .. proxy, headers)
end
