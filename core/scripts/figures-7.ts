/**
 * figures-7 — one consistent snapshot of a destination's counts (read only).
 *
 * KEYS[1] stream   KEYS[2] pending   KEYS[3] retry   KEYS[4] dead   KEYS[5] blocked   KEYS[6] stats
 * KEYS[7] lanePrefix
 *
 * ARGV[1] consumer group name
 *
 * Result: { undelivered (non-dead), inFlight, retrying, dead, parked, oldest enqueue time or '',
 *           stats hash as a flat field/value array, blocked lane count }.
 * parked = messages waiting behind a lane head that is retrying or dead.
 */
export const figuresLua = `
local undelivered = redis.call('ZCARD', KEYS[2])
local inFlight = 0
if redis.call('EXISTS', KEYS[1]) == 1 then
  local xp = redis.pcall('XPENDING', KEYS[1], ARGV[1])
  if type(xp) == 'table' and not xp.err then inFlight = xp[1] end
end
local parked = 0
local blocked = redis.call('HKEYS', KEYS[5])
for _, orderKey in ipairs(blocked) do parked = parked + redis.call('LLEN', KEYS[7] .. orderKey) / 2 end
local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
return { undelivered, inFlight, redis.call('ZCARD', KEYS[3]), redis.call('HLEN', KEYS[4]), parked,
  oldest[2] or '', redis.call('HGETALL', KEYS[6]), #blocked }
`;
