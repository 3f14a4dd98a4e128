--[[
  trim-outbox-1 — removes the outbox operations of versions up to one that have been carried out.
  Operations are idempotent, so two processes flushing the same outbox is harmless.

  Input:
    KEYS[1] outbox
    ARGV[1] version      operations with `<version> <= ARGV[1]` are removed

  Output:
    number of operations removed.
]]

local upTo = tonumber(ARGV[1])
local removed = 0
while true do
  local head = redis.call('LINDEX', KEYS[1], 0)
  if not head then break end
  local v = tonumber(string.match(head, '^(%d+)|'))
  if v == nil or v > upTo then break end
  redis.call('LPOP', KEYS[1])
  removed = removed + 1
end
return removed
