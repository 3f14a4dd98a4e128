--[[
  replay-8 — puts dead letters back into the ready stream (attempt count reset to 1) and unblocks
  their case lanes; each replay is written to the audit stream in the same atomic step, numbered
  from the destination's audit sequence (field `n`, shared with the reads).

  Input:
    KEYS[1] stream
    KEYS[2] pending
    KEYS[3] dead
    KEYS[4] deadIndex
    KEYS[5] blocked
    KEYS[6] heads       per-case count, kept
    KEYS[7] audit
    KEYS[8] auditSeq

    ARGV[1] now         ms
    ARGV[2] who
    ARGV[3] why
    ARGV[4...] messageIds

  Output:
    { replayed, notFound }.
]]

local replayed, notFound = 0, 0
for i = 4, #ARGV do
  local id = ARGV[i]
  local rec = redis.call('HGET', KEYS[3], id)
  if rec then
    local d = cjson.decode(rec)
    if d.lastError then
      redis.call('XADD', KEYS[1], '*', 'm', id, 'k', d.orderKey, 't', d.enqueuedAt, 'a', 1, 'e', d.lastError, 'p', d.payload)
    else
      redis.call('XADD', KEYS[1], '*', 'm', id, 'k', d.orderKey, 't', d.enqueuedAt, 'a', 1, 'p', d.payload)
    end
    redis.call('ZADD', KEYS[2], d.enqueuedAt, id)
    redis.call('HDEL', KEYS[3], id)
    redis.call('ZREM', KEYS[4], id)
    if redis.call('HGET', KEYS[5], d.orderKey) == 'dead:' .. id then redis.call('HDEL', KEYS[5], d.orderKey) end
    redis.call('HSETNX', KEYS[6], d.orderKey, 1)
    redis.call('XADD', KEYS[7], '*', 'action', 'replay', 'who', ARGV[2], 'why', ARGV[3], 'at', ARGV[1],
      'messageId', id, 'orderKey', d.orderKey, 'n', redis.call('INCR', KEYS[8]))
    replayed = replayed + 1
  else
    notFound = notFound + 1
  end
end
return { replayed, notFound }
