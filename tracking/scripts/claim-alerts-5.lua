--[[
  claim-alerts-5 — claims the deadline alerts of one district that are due, atomically: each
  threshold (1 yellow, 2 red, 3 overdue) is handed to exactly one scanner, once, and recorded in
  the district's alert log and counters in the same step; an overdue alert opens the step's
  supervision order (督办): its id enters the open set, its details are the logged alert (the
  orders hash only receives an order when someone acts on it, see supervision-step-3).

  An entry's score is always one of its record's thresholds — the first one (sync-deadlines-2),
  then the one after the last claimed — so thresholds before the score have been alerted (or
  passed). An entry due now therefore alerts the most severe threshold reached (a late scan skips
  the lesser ones) and moves on to the threshold after it, or leaves the due set after overdue (it
  stays indexed until the clock stops). The scores themselves need not be read.

  Per alert the script reads the entry's record and its case's log, and writes the entry's score,
  the log and (overdue) the open set; counters are added once per call. It is written for the
  Lua interpreter's costs: no per-entry tables, one concatenation per string built.

  Input:
    KEYS[1] due          zset `<caseUid>|<clockKey>` → next threshold time (ms)
    KEYS[2] deadlines    hash `<caseUid>|<clockKey>` → `rev|yellowAt|redAt|deadline|start|agency|run`
                         (times in s, -1 = no such threshold; agency = index in AGENCY_IDS)
    KEYS[3] alertLog     hash caseUid → `clockKey,run,level,at,deadline,agency;` per alert (times in s)
    KEYS[4] openOrders   zset order id `SO-<district>-<caseUid>-<clockKey>-<run>` → opened at (ms)
    KEYS[5] alertCounts  hash `<day>|<clock>|<level>` → alerts claimed

    ARGV[1] now          ms
    ARGV[2] batch        max entries to claim
    ARGV[3] day          Beijing day of now (YYYY-MM-DD)
    ARGV[4] district     for order ids

  Output:
    one string, a line per alert: `<member>|<level 1-3>|<deadline record>` ('' when none);
  fewer lines than ARGV[2] when nothing more is due.
]]

local now = tonumber(ARGV[1])
local nowSec = tostring(math.floor(now / 1000))
local day = ARGV[3]
local district = ARGV[4]
local members = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
if #members == 0 then return '' end
local records = redis.call('HMGET', KEYS[2], unpack(members))
local match, find, sub, num = string.match, string.find, string.sub, tonumber
local LEVEL = { '1', '2', '3' }
local out, rescheduled, finished = {}, {}, {}
local cMember, cLevel, cDeadline, cAgency, cRun = {}, {}, {}, {}, {}
local nRes, nFin, nClaim = 0, 0, 0
for i = 1, #members do
  local member, rec = members[i], records[i]
  local ys, rs, ds, agency, run
  if rec then ys, rs, ds, agency, run = match(rec, '^%d+|(-?%d+)|(-?%d+)|(-?%d+)|%-?%d+|(%d+)|(%d+)$') end
  if not ys then
    nFin = nFin + 1
    finished[nFin] = member
  else
    local y, r, d = num(ys) * 1000, num(rs) * 1000, num(ds) * 1000
    local level = 0
    if d >= 0 and d <= now then
      level = 3
    elseif r >= 0 and r <= now then
      level = 2
    elseif y >= 0 and y <= now then
      level = 1
    end
    local nextAt = -1
    if level < 1 and y >= 0 then
      nextAt = y
    elseif level < 2 and r >= 0 then
      nextAt = r
    elseif level < 3 and d >= 0 then
      nextAt = d
    end
    if level > 0 then
      nClaim = nClaim + 1
      cMember[nClaim], cLevel[nClaim], cDeadline[nClaim], cAgency[nClaim], cRun[nClaim] = member, level, ds, agency, run
      out[nClaim] = member .. '|' .. LEVEL[level] .. '|' .. rec
    end
    if nextAt < 0 then
      nFin = nFin + 1
      finished[nFin] = member
    else
      nRes = nRes + 2
      rescheduled[nRes - 1] = nextAt
      rescheduled[nRes] = member
    end
  end
end
if nRes > 0 then redis.call('ZADD', KEYS[1], unpack(rescheduled)) end
if nFin > 0 then redis.call('ZREM', KEYS[1], unpack(finished)) end
if nClaim == 0 then return '' end
local uids, keys = {}, {}
for c = 1, nClaim do
  local member = cMember[c]
  local bar = find(member, '|', 1, true)
  uids[c] = sub(member, 1, bar - 1)
  keys[c] = sub(member, bar + 1)
end
local logs = redis.call('HMGET', KEYS[3], unpack(uids))
local appended, logAt, opened, perKey = {}, {}, {}, {}
local nApp, nOpen = 0, 0
for c = 1, nClaim do
  local uid, key, level, run = uids[c], keys[c], cLevel[c], cRun[c]
  local at = logAt[uid]
  if at then
    appended[at] = appended[at] .. key .. ',' .. run .. ',' .. LEVEL[level] .. ',' .. nowSec .. ',' .. cDeadline[c] .. ',' .. cAgency[c] .. ';'
  else
    nApp = nApp + 2
    appended[nApp - 1] = uid
    appended[nApp] = (logs[c] or '') .. key .. ',' .. run .. ',' .. LEVEL[level] .. ',' .. nowSec .. ',' .. cDeadline[c] .. ',' .. cAgency[c] .. ';'
    logAt[uid] = nApp
  end
  local counts = perKey[key]
  if not counts then
    counts = { 0, 0, 0 }
    perKey[key] = counts
  end
  counts[level] = counts[level] + 1
  if level == 3 then
    nOpen = nOpen + 2
    opened[nOpen - 1] = ARGV[1]
    opened[nOpen] = 'SO-' .. district .. '-' .. uid .. '-' .. key .. '-' .. run
  end
end
redis.call('HSET', KEYS[3], unpack(appended))
if nOpen > 0 then redis.call('ZADD', KEYS[4], unpack(opened)) end
local fields = {}
for key, counts in pairs(perKey) do
  local prefix = day .. '|' .. match(key, '^[^@]+') .. '|'
  for level = 1, 3 do
    if counts[level] > 0 then
      local field = prefix .. LEVEL[level]
      fields[field] = (fields[field] or 0) + counts[level]
    end
  end
end
for field, n in pairs(fields) do redis.call('HINCRBY', KEYS[5], field, n) end
return table.concat(out, '\n')
