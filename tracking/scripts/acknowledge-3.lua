--[[
  acknowledge-3 — adds the acknowledgement time to a message's exchange latency record. The record
  sits in the hash of its month of receipt; the month of the acknowledgement and the two before
  it are searched.

  Input:
    KEYS[1] latestMonth     latency hash of the acknowledgement's month
    KEYS[2] previousMonth   the month before
    KEYS[3] earlierMonth    the month before that

    ARGV[1] messageId
    ARGV[2] acknowledgedAt  ms

  Output:
    1 recorded, 2 already acknowledged (unchanged), 0 no such message.
]]

for i = 1, 3 do
  local value = redis.call('HGET', KEYS[i], ARGV[1])
  if value then
    if string.sub(value, -1) ~= '|' then return 2 end
    redis.call('HSET', KEYS[i], ARGV[1], value .. ARGV[2])
    return 1
  end
end
return 0
