--[[
  Lua helpers shared by several scripts (concatenated in front of their bodies).

  `heads` counts, per case, its messages not yet completed (the head plus those waiting); a case
  with a count is busy. A message that becomes a head at enqueue goes into the stream with its
  payload (field `p`). A message that has to wait keeps its payload in the `msgs` hash (field
  `p<messageId>`) and its case lane list holds two elements for it — messageId, enqueue time — so
  releasing it is `LPOP lane 2` plus an XADD of a small entry *without* `p`: the consumer reads such
  payloads with one HMGET per batch. Payloads therefore never pass through Lua strings again after
  the enqueue (Redis hashes every byte of each Lua string). Retrying messages keep a JSON header
  `{"m","t","a","k","e"}` in `msgs` field `h<messageId>` and their payload in `p<messageId>`.
]]

local function entryFields(stream, streamId)
  local e = redis.call('XRANGE', stream, streamId, streamId)
  if #e == 0 then return nil end
  local f = {}
  local list = e[1][2]
  for i = 1, #list, 2 do f[list[i]] = list[i + 1] end
  return f
end

local function ownedBy(stream, group, streamId, consumer)
  local p = redis.call('XPENDING', stream, group, streamId, streamId, 1)
  return p[1] ~= nil and p[1][2] == consumer
end

-- Moves the next waiting message of a lane into the stream (the head count was already lowered
-- and is still > 0); its payload stays in msgs p<id>. Returns the messageId, or false when the lane
-- is unexpectedly empty.
local function pushNext(stream, lanePrefix, orderKey)
  local waiting = redis.call('LPOP', lanePrefix .. orderKey, 2)
  if not waiting then return false end
  redis.call('XADD', stream, '*', 'm', waiting[1], 'k', orderKey, 't', waiting[2], 'a', '1')
  return waiting[1]
end

-- The head of a lane is done (completed or discarded): the next waiting message becomes the head,
-- or the lane ends.
local function releaseNext(stream, heads, lanePrefix, orderKey)
  if redis.call('HINCRBY', heads, orderKey, -1) <= 0 or not pushNext(stream, lanePrefix, orderKey) then
    redis.call('HDEL', heads, orderKey)
    return false
  end
  return true
end
