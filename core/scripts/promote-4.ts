import { SHARED_LUA } from './shared';

/**
 * promote-4 — moves retrying messages whose due time has come back into the ready stream and
 * unblocks their case lanes.
 *
 * KEYS[1] stream   KEYS[2] msgs   KEYS[3] retry   KEYS[4] blocked
 *
 * ARGV[1] now (ms)   ARGV[2] max messages to move
 *
 * Result: { moved, next due time in ms or -1 when nothing else is waiting }.
 */
export const promoteLua = `${SHARED_LUA}
local due = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local moved = 0
for _, id in ipairs(due) do
  local rec = redis.call('HGET', KEYS[2], 'h' .. id)
  redis.call('ZREM', KEYS[3], id)
  if rec then
    redis.call('HDEL', KEYS[2], 'h' .. id)
    local h = cjson.decode(rec)
    -- The payload stays in msgs p<id>; the consumer reads it from there.
    if h.e then
      redis.call('XADD', KEYS[1], '*', 'm', id, 'k', h.k, 't', h.t, 'a', h.a, 'e', h.e)
    else
      redis.call('XADD', KEYS[1], '*', 'm', id, 'k', h.k, 't', h.t, 'a', h.a)
    end
    if redis.call('HGET', KEYS[4], h.k) == 'retry:' .. id then redis.call('HDEL', KEYS[4], h.k) end
    moved = moved + 1
  end
end
local nxt = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
if nxt[2] then return { moved, tonumber(nxt[2]) } end
return { moved, -1 }
`;
