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

-- Takes an in-flight message out of the stream (acknowledged and deleted) when this consumer still
-- owns it. Returns its entry's fields, or nil and the script's result: -2 = not pending for this
-- consumer, nothing done; -3 = the entry is gone (acknowledged, nothing else done).
local function takeInFlight(stream, group, consumer, streamId)
  if not ownedBy(stream, group, streamId, consumer) then return nil, -2 end
  local f = entryFields(stream, streamId)
  redis.call('XACK', stream, group, streamId)
  if not f then return nil, -3 end
  redis.call('XDEL', stream, streamId)
  return f
end

-- An operator's action on dead letters (`op`: action, now, who, why; the `dead`, `audit` and
-- `auditSeq` keys; `from`, the ARGV position of the first messageId): `settle(messageId, letter)` is
-- applied to each one found in the dead hash, then the action is written to the audit stream in
-- the same atomic step, numbered from the destination's audit sequence (field `n`, shared with the
-- reads). Returns { settled, notFound }.
local function settleDeadLetters(op, settle)
  local settled, notFound = 0, 0
  for i = op.from, #ARGV do
    local id = ARGV[i]
    local rec = redis.call('HGET', op.dead, id)
    if rec then
      local d = cjson.decode(rec)
      settle(id, d)
      redis.call('XADD', op.audit, '*', 'action', op.action, 'who', op.who, 'why', op.why, 'at', op.now,
        'messageId', id, 'orderKey', d.orderKey, 'n', redis.call('INCR', op.auditSeq))
      settled = settled + 1
    else
      notFound = notFound + 1
    end
  end
  return { settled, notFound }
end
