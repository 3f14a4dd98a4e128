--[[
  dead-6 — moves an in-flight message to the dead letters (permanent outcome or attempt limit);
  its case lane is marked blocked so later messages of the case stay parked until a replay or
  discard.

  Input:
    KEYS[1] stream
    KEYS[2] pending
    KEYS[3] dead
    KEYS[4] deadIndex
    KEYS[5] blocked      orderKey → 'dead:<messageId>'
    KEYS[6] msgs         payload if not in the entry; the stream id of a retry attempt

    ARGV[1] group
    ARGV[2] consumer
    ARGV[3] streamId
    ARGV[4] messageId
    ARGV[5] reason
    ARGV[6] attempts
    ARGV[7] lastError    '' = none
    ARGV[8] now          ms

  Output:
    1 = dead-lettered; -2 = not pending for this consumer, nothing done; -3 = entry gone.
]]
--- @include "shared"
local group, consumer, streamId, id = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local f, refused = takeInFlight(KEYS[1], group, consumer, streamId)
if not f then return refused end
redis.call('ZREM', KEYS[2], id)
local payload = f.p
if not payload then
  payload = redis.call('HGET', KEYS[6], 'p' .. id) or ''
  redis.call('HDEL', KEYS[6], 'p' .. id, 's' .. id)
end
local record = {
  messageId = id, orderKey = f.k, payload = payload, reason = ARGV[5], attempts = tonumber(ARGV[6]),
  enqueuedAt = f.t, deadAt = ARGV[8]
}
if ARGV[7] ~= '' then record.lastError = ARGV[7] end
redis.call('HSET', KEYS[3], id, cjson.encode(record))
redis.call('ZADD', KEYS[4], ARGV[8], id)
redis.call('HSET', KEYS[5], f.k, 'dead:' .. id)
return 1
