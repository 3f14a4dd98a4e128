--[[
  retry-4 — takes an in-flight message out of the stream and schedules its next attempt; its case
  lane is marked blocked so later messages of the case stay parked (it already is when this was a
  retry attempt: its stream id `s<id>` in msgs is dropped).

  Input:
    KEYS[1] stream
    KEYS[2] msgs
    KEYS[3] retry
    KEYS[4] blocked     orderKey → 'retry:<messageId>'

    ARGV[1] group
    ARGV[2] consumer
    ARGV[3] streamId
    ARGV[4] messageId
    ARGV[5] dueAt       due time (ms)
    ARGV[6] attempt     next attempt number
    ARGV[7] reason      last error text

  Output:
    1 = scheduled; -2 = not pending for this consumer (reclaimed elsewhere), nothing done;
  -3 = the stream entry is gone (acknowledged, nothing else done).
]]
--- @include "shared"
local group, consumer, streamId, id = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local f, refused = takeInFlight(KEYS[1], group, consumer, streamId)
if not f then return refused end
local header = cjson.encode({m = id, t = f.t, a = tonumber(ARGV[6]), k = f.k, e = ARGV[7]})
if f.p then
  redis.call('HSET', KEYS[2], 'h' .. id, header, 'p' .. id, f.p)
else
  redis.call('HSET', KEYS[2], 'h' .. id, header)
  redis.call('HDEL', KEYS[2], 's' .. id)
end
redis.call('ZADD', KEYS[3], ARGV[5], id)
redis.call('HSET', KEYS[4], f.k, 'retry:' .. id)
return 1
