--[[
  complete-7 — finishes a batch of successful deliveries (accepted / duplicate) and releases the
  next message of each case lane. A lane blocked by the completed message's retry (`retry:<id>`,
  kept through the attempt by `promote`) is unblocked here.

  Input:
    KEYS[1] stream
    KEYS[2] pending
    KEYS[3] heads
    KEYS[4] stats
    KEYS[5] lanePrefix
    KEYS[6] msgs         payloads of released lane messages and retry attempt ids, deleted here
    KEYS[7] blocked

    ARGV[1] group
    ARGV[2] consumer
    ARGV[3] firstId      lowest streamId of the batch
    ARGV[4] lastId       highest streamId of the batch
    ARGV[5] limit        upper bound of this consumer's pending entries in that range
    ARGV[6...] entries   quadruples: streamId, messageId, orderKey, latency bucket index

  An entry is completed only if it is still pending for this consumer (not reclaimed by another
  one); otherwise it is counted as stale and left alone, so a lane is never advanced twice. The
  ownership check is one XPENDING of this consumer's entries in the batch's id range (per entry
  only if that reply hit the bound); acknowledgement, deletion and the backlog index are variadic.

  Output:
    { completed, stale }
]]
--- @include "shared"
local group, consumer = ARGV[1], ARGV[2]
local limit = tonumber(ARGV[5])
local owned = {}
local pel = redis.call('XPENDING', KEYS[1], group, ARGV[3], ARGV[4], limit, consumer)
for _, e in ipairs(pel) do owned[e[1]] = true end
local truncated = #pel >= limit
local ackIds, doneIds, lanes, buckets = {}, {}, {}, {}
local stale = 0
for i = 6, #ARGV, 4 do
  local streamId = ARGV[i]
  if owned[streamId] or (truncated and ownedBy(KEYS[1], group, streamId, consumer)) then
    ackIds[#ackIds + 1] = streamId
    doneIds[#doneIds + 1] = ARGV[i + 1]
    lanes[#lanes + 1] = ARGV[i + 2]
    buckets[ARGV[i + 3]] = (buckets[ARGV[i + 3]] or 0) + 1
    owned[streamId] = nil
  else
    stale = stale + 1
  end
end
if #ackIds == 0 then return { 0, stale } end
redis.call('XACK', KEYS[1], group, unpack(ackIds))
redis.call('XDEL', KEYS[1], unpack(ackIds))
redis.call('ZREM', KEYS[2], unpack(doneIds))
local bodies = {}
for j, id in ipairs(doneIds) do bodies[j] = 'p' .. id end
if redis.call('HLEN', KEYS[7]) > 0 then
  local states = redis.call('HMGET', KEYS[7], unpack(lanes))
  local unblocked = {}
  for j, orderKey in ipairs(lanes) do
    if states[j] == 'retry:' .. doneIds[j] then
      unblocked[#unblocked + 1] = orderKey
      bodies[#bodies + 1] = 's' .. doneIds[j]
    end
  end
  if #unblocked > 0 then redis.call('HDEL', KEYS[7], unpack(unblocked)) end
end
redis.call('HDEL', KEYS[6], unpack(bodies))
-- Lanes with nothing waiting end in one HDEL; the others move their next message into the stream.
local counts = redis.call('HMGET', KEYS[3], unpack(lanes))
local ended = {}
for j, orderKey in ipairs(lanes) do
  local count = tonumber(counts[j]) or 0
  if count <= 1 then
    ended[#ended + 1] = orderKey
  else
    redis.call('HINCRBY', KEYS[3], orderKey, -1)
    if not pushNext(KEYS[1], KEYS[5], orderKey) then ended[#ended + 1] = orderKey end
  end
end
if #ended > 0 then redis.call('HDEL', KEYS[3], unpack(ended)) end
redis.call('HINCRBY', KEYS[4], 'delivered', #ackIds)
for bucket, count in pairs(buckets) do redis.call('HINCRBY', KEYS[4], 'h' .. bucket, count) end
return { #ackIds, stale }
