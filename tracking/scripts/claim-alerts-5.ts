/**
 * claim-alerts-5 — claims the deadline alerts of one district that are due, atomically: each
 * threshold (1 yellow, 2 red, 3 overdue) is handed to exactly one scanner, once, and recorded in
 * the district's alert log and counters in the same step; an overdue alert opens the step's
 * supervision order (督办): its id enters the open set, its details are the logged alert (the
 * orders hash only receives an order when someone acts on it, see supervision-step-3). An entry's score is the time of its next threshold, so thresholds before
 * the score have been alerted (or passed): claiming moves the score to the next threshold after now,
 * or takes the entry out of the due set after overdue (it stays indexed until the clock stops).
 * When a scan comes late and several thresholds have passed, only the most severe is alerted.
 *
 * KEYS[1] due          zset `<caseUid>|<clockKey>` → next threshold time (ms)
 * KEYS[2] deadlines    hash `<caseUid>|<clockKey>` → `rev|yellowAt|redAt|deadline|start|agency|run`
 *                      (times in s, -1 = no such threshold; agency = index in AGENCY_IDS)
 * KEYS[3] alert log    hash caseUid → `clockKey,run,level,at,deadline,agency;` per alert (times in s)
 * KEYS[4] open orders  zset order id `SO-<district>-<caseUid>-<clockKey>-<run>` → opened at (ms)
 * KEYS[5] counts       hash `<day>|<clock>|<level>` → alerts claimed
 *
 * ARGV[1] now (ms)   ARGV[2] max entries to claim   ARGV[3] Beijing day of now (YYYY-MM-DD)
 * ARGV[4] district (for order ids)
 *
 * Result: one string, a line per alert: `<member>|<level 1-3>|<deadline record>` ('' when none).
 */
export const claimAlertsLua = `
local now = tonumber(ARGV[1])
local nowSec = math.floor(now / 1000)
local day = ARGV[3]
local district = ARGV[4]
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]), 'WITHSCORES')
if #due == 0 then return '' end
local members = {}
for i = 1, #due, 2 do members[#members + 1] = due[i] end
local records = redis.call('HMGET', KEYS[2], unpack(members))
local out, counts, rescheduled, finished, claimed = {}, {}, {}, {}, {}
for i, member in ipairs(members) do
  local rec = records[i]
  local score = tonumber(due[i * 2])
  local rev, yellowAt, redAt, deadline, start, agency, run
  if rec then
    rev, yellowAt, redAt, deadline, start, agency, run = string.match(rec, '^(%d+)|(-?%d+)|(-?%d+)|(-?%d+)|(-?%d+)|(%d+)|(%d+)$')
  end
  if not rev then
    finished[#finished + 1] = member
  else
    local times = { tonumber(yellowAt) * 1000, tonumber(redAt) * 1000, tonumber(deadline) * 1000 }
    local level, passed = 0, 0
    for l = 1, 3 do
      if times[l] >= 0 and times[l] < score then passed = l end
      if times[l] >= 0 and times[l] <= now then level = l end
    end
    local nextAt = -1
    for l = level + 1, 3 do
      if times[l] >= 0 then
        nextAt = times[l]
        break
      end
    end
    if level > passed then
      claimed[#claimed + 1] = { member, level, deadline, agency, run }
      out[#out + 1] = member .. '|' .. level .. '|' .. rec
    end
    if nextAt < 0 then
      finished[#finished + 1] = member
    else
      rescheduled[#rescheduled + 1] = nextAt
      rescheduled[#rescheduled + 1] = member
    end
  end
end
if #rescheduled > 0 then redis.call('ZADD', KEYS[1], unpack(rescheduled)) end
if #finished > 0 then redis.call('ZREM', KEYS[1], unpack(finished)) end
if #claimed > 0 then
  local uids = {}
  for i, c in ipairs(claimed) do
    local bar = string.find(c[1], '|', 1, true)
    c[6] = string.sub(c[1], 1, bar - 1)
    c[7] = string.sub(c[1], bar + 1)
    uids[i] = c[6]
  end
  local logs = redis.call('HMGET', KEYS[3], unpack(uids))
  local appended, logIndex, opened, counterOf = {}, {}, {}, {}
  for i, c in ipairs(claimed) do
    local caseUid, clockKey, level, run = c[6], c[7], c[2], c[5]
    local entry = string.format('%s,%s,%d,%d,%s,%s;', clockKey, run, level, nowSec, c[3], c[4])
    local at = logIndex[caseUid]
    if at then
      appended[at] = appended[at] .. entry
    else
      appended[#appended + 1] = caseUid
      appended[#appended + 1] = (logs[i] or '') .. entry
      logIndex[caseUid] = #appended
    end
    local counterKey = clockKey .. level
    local counter = counterOf[counterKey]
    if not counter then
      counter = string.format('%s|%s|%d', day, string.match(clockKey, '^[^@]+'), level)
      counterOf[counterKey] = counter
    end
    counts[counter] = (counts[counter] or 0) + 1
    if level == 3 then
      opened[#opened + 1] = now
      opened[#opened + 1] = string.format('SO-%s-%s-%s-%s', district, caseUid, clockKey, run)
    end
  end
  redis.call('HSET', KEYS[3], unpack(appended))
  if #opened > 0 then redis.call('ZADD', KEYS[4], unpack(opened)) end
  for counter, n in pairs(counts) do redis.call('HINCRBY', KEYS[5], counter, n) end
end
return table.concat(out, '\\n')
`;
