--[[
  raise-sequence-1 — keeps a case sequence counter at or above a number seen in an adopted caseUid,
  so this platform never allocates that uid itself.

  Input:
    KEYS[1] counter
    ARGV[1] sequence     sequence number in use

  Output:
    the counter's value afterwards.
]]

local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local seen = tonumber(ARGV[1])
if current < seen then
  redis.call('SET', KEYS[1], seen)
  return seen
end
return current
