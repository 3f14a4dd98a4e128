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
    ARGV[4...] messageIds   the dead letters to put back (attempt count reset to 1)

  Output:
    { replayed, notFound }.
]]
--- @include "shared"
local replay = { action = 'replay', now = ARGV[1], who = ARGV[2], why = ARGV[3], from = 4, dead = KEYS[3], audit = KEYS[7], auditSeq = KEYS[8] }
return settleDeadLetters(replay, function(id, d)
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
end)
