-- CreateCard under load: POST /api/v1/cards with a fresh IdempotencyKey on every request.
-- wrk -s create_card.lua URL -- TOKEN PROGRAM_GUID
-- The key is "bench-<time>-<random>-<thread>-<counter>": unique across threads and runs.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

local counter = 0
local prefix, headers, body

function init(args)
  local token, program = args[1], args[2]
  if token == nil or program == nil then
    error("usage: wrk -s create_card.lua URL -- TOKEN PROGRAM_GUID")
  end
  math.randomseed(os.time() * 1000 + (thread_number or 0))
  prefix = string.format("bench-%x-%08x-%d-", os.time(), math.random(0, 0x7fffffff),
    thread_number or 0)
  headers = {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }
  body = '{"program_guid":"' .. program .. '","person":{"first_name":"Ada","last_name":"Load"}}'
end

function request()
  counter = counter + 1
  headers["IdempotencyKey"] = prefix .. counter
  return wrk.format("POST", "/api/v1/cards", headers, body)
end
