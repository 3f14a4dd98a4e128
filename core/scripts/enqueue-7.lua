--[[
  enqueue-7 — idempotent, backlog-checked enqueue of one or more messages to one destination.

  Input:
    KEYS[1] stream      ready stream
    KEYS[2] msgs        hash: payloads of messages that wait in a lane (p<messageId>)
    KEYS[3] seen        zset messageId → first enqueue time (idempotency window)
    KEYS[4] pending     zset messageId → enqueue time of undelivered, non-dead messages
    KEYS[5] dead        hash of dead letters
    KEYS[6] heads       hash orderKey → messages of the case not yet completed (head + waiting)
    KEYS[7] lanePrefix  prefix of per-case lane lists (messageId, enqueue time per waiting message)

    ARGV[1] now         ms
    ARGV[2] window      ms
    ARGV[3] maxBacklog  0 = unlimited
    ARGV[4] group       consumer group (created with the stream, so consumers find it even under OOM)
    ARGV[5...] entries  triples: messageId, orderKey, payload (at most 500 triples per call)

  Output:
    array with one entry per message, 1 = enqueued, 0 = duplicate (seen within the window,
  or still undelivered/dead however old). A message whose case has no head becomes the head (XADD);
  otherwise it waits at the end of its case lane. Or -1 (BACKLOG_FULL) when the new messages would pass
  maxBacklog — then nothing is written. Lookups are batched (ZMSCORE/HMGET, Redis ≥ 6.2). The first
  write is a ZADD (deny-oom), so under `maxmemory` Redis refuses the whole script with OOM before any
  change.
]]

local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local maxBacklog = tonumber(ARGV[3])
local ids = {}
for i = 5, #ARGV, 3 do ids[#ids + 1] = ARGV[i] end
local seen = redis.call('ZMSCORE', KEYS[3], unpack(ids))
local live = redis.call('ZMSCORE', KEYS[4], unpack(ids))
local dead = redis.call('HMGET', KEYS[5], unpack(ids))
local results = {}
local inBatch = {}
local seenArgs = {}
for j, id in ipairs(ids) do
  if inBatch[id] or (seen[j] and tonumber(seen[j]) > now - window) or live[j] or dead[j] then
    results[j] = 0
  else
    results[j] = 1
    seenArgs[#seenArgs + 1] = ARGV[1]
    seenArgs[#seenArgs + 1] = id
  end
  inBatch[id] = true
end
local fresh = #seenArgs / 2
if fresh == 0 then return results end
if maxBacklog > 0 and redis.call('ZCARD', KEYS[4]) + fresh > maxBacklog then return -1 end
redis.call('ZADD', KEYS[3], unpack(seenArgs))
redis.call('ZADD', KEYS[4], unpack(seenArgs))
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('XGROUP', 'CREATE', KEYS[1], ARGV[4], '0', 'MKSTREAM') end
for j = 1, #ids do
  if results[j] == 1 then
    local i = 5 + (j - 1) * 3
    local id, orderKey = ARGV[i], ARGV[i + 1]
    if redis.call('HINCRBY', KEYS[6], orderKey, 1) == 1 then
      redis.call('XADD', KEYS[1], '*', 'm', id, 'k', orderKey, 't', ARGV[1], 'a', '1', 'p', ARGV[i + 2])
    else
      redis.call('HSET', KEYS[2], 'p' .. id, ARGV[i + 2])
      redis.call('RPUSH', KEYS[7] .. orderKey, id, ARGV[1])
    end
  end
end
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - window)
return results
