--[[
  bury-7 — keeps a message as a dead letter at once, with no delivery attempt (refused input kept
  for an operator to see, fix and resend). It leaves what an enqueue followed by a dead-lettering
  leaves: the idempotency entry, the case lane counted and marked `dead:<messageId>`, the dead
  letter (attempts 1, enqueued and dead at now, the reason also its last error, as a permanent
  delivery outcome records it) and its index entry; the stream and its consumer
  group exist afterwards, as after an enqueue.

  Input:
    KEYS[1] stream
    KEYS[2] seen
    KEYS[3] pending
    KEYS[4] dead
    KEYS[5] deadIndex
    KEYS[6] blocked
    KEYS[7] heads

    ARGV[1] now          ms
    ARGV[2] window       idempotency window (ms)
    ARGV[3] group        consumer group (created with the stream)
    ARGV[4] messageId
    ARGV[5] orderKey
    ARGV[6] payload
    ARGV[7] reason

  Output:
    { 1 } kept; { 0 } duplicate (seen within the window, or still undelivered/dead however old);
    -4 (LANE_BUSY) the case has messages not yet completed: nothing written
]]
local now = tonumber(ARGV[1])
local id, orderKey = ARGV[4], ARGV[5]
local seen = redis.call('ZSCORE', KEYS[2], id)
if (seen and tonumber(seen) > now - tonumber(ARGV[2])) or redis.call('ZSCORE', KEYS[3], id) or redis.call('HEXISTS', KEYS[4], id) == 1 then
  return { 0 }
end
if redis.call('HEXISTS', KEYS[7], orderKey) == 1 then return -4 end
redis.call('ZADD', KEYS[2], ARGV[1], id)
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('XGROUP', 'CREATE', KEYS[1], ARGV[3], '0', 'MKSTREAM') end
redis.call('HSET', KEYS[7], orderKey, 1)
local record = {
  messageId = id, orderKey = orderKey, payload = ARGV[6], reason = ARGV[7], attempts = 1,
  enqueuedAt = ARGV[1], deadAt = ARGV[1], lastError = ARGV[7]
}
redis.call('HSET', KEYS[4], id, cjson.encode(record))
redis.call('ZADD', KEYS[5], ARGV[1], id)
redis.call('HSET', KEYS[6], orderKey, 'dead:' .. id)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[2]))
return { 1 }
