--[[
  promote-3 — moves retrying messages whose due time has come back into the ready stream for their
  next attempt. Their case lanes stay blocked (`retry:<id>`) until that attempt ends: `complete`
  unblocks the lane, `retry` re-schedules it, `dead` marks it dead — so health and figures never
  show the lane flowing in between. The attempt's stream id is kept in msgs `s<id>` (figures use
  it to tell a waiting attempt from one in flight).

  Input:
    KEYS[1] stream
    KEYS[2] msgs
    KEYS[3] retry

    ARGV[1] now         ms
    ARGV[2] batch       max messages to move

  Output:
    { moved, next due time in ms or -1 when nothing else is waiting }.
]]
--- @include "shared"
local due = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local moved = 0
for _, id in ipairs(due) do
  local rec = redis.call('HGET', KEYS[2], 'h' .. id)
  redis.call('ZREM', KEYS[3], id)
  if rec then
    redis.call('HDEL', KEYS[2], 'h' .. id)
    local h = cjson.decode(rec)
    -- The payload stays in msgs p<id>; the consumer reads it from there.
    local sid
    if h.e then
      sid = redis.call('XADD', KEYS[1], '*', 'm', id, 'k', h.k, 't', h.t, 'a', h.a, 'e', h.e)
    else
      sid = redis.call('XADD', KEYS[1], '*', 'm', id, 'k', h.k, 't', h.t, 'a', h.a)
    end
    redis.call('HSET', KEYS[2], 's' .. id, sid)
    moved = moved + 1
  end
end
local nxt = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
if nxt[2] then return { moved, tonumber(nxt[2]) } end
return { moved, -1 }
