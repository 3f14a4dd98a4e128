--[[
  discard-8 — deletes dead letters for good and lets the next message of each case lane flow;
  each discard is written to the audit stream in the same atomic step, numbered from the
  destination's audit sequence (field `n`, shared with the reads).

  Input:
    KEYS[1] stream
    KEYS[2] dead
    KEYS[3] deadIndex
    KEYS[4] blocked
    KEYS[5] heads
    KEYS[6] audit
    KEYS[7] lanePrefix
    KEYS[8] auditSeq

    ARGV[1] now          ms
    ARGV[2] who
    ARGV[3] why
    ARGV[4...] messageIds   the dead letters to delete

  Output:
    { discarded, notFound }. The idempotency entry stays: a resend within the window is
  still reported as a duplicate.
]]
--- @include "shared"
local discard = { action = 'discard', now = ARGV[1], who = ARGV[2], why = ARGV[3], from = 4, dead = KEYS[2], audit = KEYS[6], auditSeq = KEYS[8] }
return settleDeadLetters(discard, function(id, d)
  redis.call('HDEL', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
  if redis.call('HGET', KEYS[4], d.orderKey) == 'dead:' .. id then
    redis.call('HDEL', KEYS[4], d.orderKey)
    releaseNext(KEYS[1], KEYS[5], KEYS[7], d.orderKey)
  end
end)
