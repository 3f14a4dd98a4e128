--[[
  figures-8 — one consistent snapshot of a destination's counts (read only).

  Input:
    KEYS[1] stream
    KEYS[2] pending
    KEYS[3] retry
    KEYS[4] dead
    KEYS[5] blocked
    KEYS[6] stats
    KEYS[7] lanePrefix
    KEYS[8] msgs        `s<id>`: stream id of a retry attempt

    ARGV[1] group       consumer group name

  Output:
    { undelivered (non-dead), inFlight (group PEL size), waiting for a retry, dead, parked,
            oldest enqueue time or '', stats hash as a flat field/value array, blocked lane count,
            retry attempts back in the stream, those of them taken by a consumer (in the PEL) }.
  parked = messages waiting behind a lane head that is retrying or dead. A retry attempt is a lane
  head blocked as `retry:<id>` whose entry is in the stream again (promoted, not yet finished).
]]

local undelivered = redis.call('ZCARD', KEYS[2])
local inFlight = 0
local hasGroup = false
if redis.call('EXISTS', KEYS[1]) == 1 then
  local xp = redis.pcall('XPENDING', KEYS[1], ARGV[1])
  if type(xp) == 'table' and not xp.err then
    inFlight = xp[1]
    hasGroup = true
  end
end
local parked, lanes, attempts, attemptsTaken = 0, 0, 0, 0
local blocked = redis.call('HGETALL', KEYS[5])
for i = 1, #blocked, 2 do
  lanes = lanes + 1
  parked = parked + redis.call('LLEN', KEYS[7] .. blocked[i]) / 2
  local state = blocked[i + 1]
  if string.sub(state, 1, 6) == 'retry:' then
    local sid = redis.call('HGET', KEYS[8], 's' .. string.sub(state, 7))
    if sid then
      attempts = attempts + 1
      if hasGroup and #redis.call('XPENDING', KEYS[1], ARGV[1], sid, sid, 1) > 0 then
        attemptsTaken = attemptsTaken + 1
      end
    end
  end
end
local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
return { undelivered, inFlight, redis.call('ZCARD', KEYS[3]), redis.call('HLEN', KEYS[4]), parked,
  oldest[2] or '', redis.call('HGETALL', KEYS[6]), lanes, attempts, attemptsTaken }
