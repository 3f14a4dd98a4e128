--[[
  supervision-step-3 — moves a supervision order (督办) one step along OPENED → EXPLAINED → CLOSED,
  recording who, when and what; a closed order leaves the district's open set. An order nobody has
  acted on yet exists only as its overdue alert in the alert log: it is built from that entry.

  Input:
    KEYS[1] orders       hash order id → order JSON (orders someone acted on)
    KEYS[2] openOrders   zset order id → opened at (ms)
    KEYS[3] alertLog     hash caseUid → `clockKey,run,level,at,deadline,agency;` (claim-alerts-5)

    ARGV[1] orderId
    ARGV[2] caseUid
    ARGV[3] clockKey
    ARGV[4] run
    ARGV[5] district
    ARGV[6] from         status required now
    ARGV[7] to           new status
    ARGV[8] field        field receiving the action ('explanation' | 'closure')
    ARGV[9] action       action JSON {by, at, text?}

  Output:
    { 1, order JSON } done; { -3 } no such order; { -4, current status } wrong state.
]]

local order
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if raw then
  order = cjson.decode(raw)
else
  local log = redis.call('HGET', KEYS[3], ARGV[2]) or ''
  for clockKey, run, level, at, deadline, agency in string.gmatch(log, '([^,;]+),(%d+),(%d),(%d+),(-?%d+),(%d+);') do
    if clockKey == ARGV[3] and run == ARGV[4] and level == '3' then
      order = { id = ARGV[1], caseUid = ARGV[2], clock = clockKey, run = tonumber(run), district = ARGV[5],
        agency = tonumber(agency), deadline = tonumber(deadline), openedAt = tonumber(at) * 1000, status = 'OPENED' }
    end
  end
end
if not order then return { -3 } end
if order.status ~= ARGV[6] then return { -4, tostring(order.status) } end
order.status = ARGV[7]
order[ARGV[8]] = cjson.decode(ARGV[9])
local encoded = cjson.encode(order)
redis.call('HSET', KEYS[1], ARGV[1], encoded)
if ARGV[7] == 'CLOSED' then redis.call('ZREM', KEYS[2], ARGV[1]) end
return { 1, encoded }
