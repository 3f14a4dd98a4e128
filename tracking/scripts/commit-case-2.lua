--[[
  commit-case-2 — writes a case's new record (with its timeline) if nobody changed it since it was
  read (optimistic concurrency), and the follow-up operations on other slots, atomically.

  Input:
    KEYS[1] record       string `<version>|<stored record>` (binary after the bar, see case-record.ts)
    KEYS[2] outbox       list of `<version>|<operation JSON>` to run on other slots

    ARGV[1] version      expected version ('0' = the case does not exist yet)
    ARGV[2] stored       new stored record
    ARGV[3...] operations  outbox operations (JSON, without the version prefix)

  Output:
    { new version, number of outbox entries now pending (ours and any left by a crash) };
  { -1 } when the version changed (re-read and retry).
]]

local stored = redis.call('GET', KEYS[1])
local current = stored and string.match(stored, '^(%d+)|') or '0'
if current ~= ARGV[1] then return { -1 } end
local version = tonumber(current) + 1
redis.call('SET', KEYS[1], version .. '|' .. ARGV[2])
local pending = 0
for i = 3, #ARGV do
  pending = redis.call('RPUSH', KEYS[2], version .. '|' .. ARGV[i])
end
return { version, pending }
