--[[
  sync-deadlines-2 — brings a district's deadline index in line with a case's clocks: puts running
  clocks (a record of an older revision never replaces a newer one) and takes stopped ones out
  (unless a newer revision, a restart already indexed, is stored). Operations apply in order.

  Input:
    KEYS[1] due          zset `<caseUid>|<clockKey>` → next threshold time (ms)
    KEYS[2] deadlines    hash `<caseUid>|<clockKey>` → `rev|yellowAt|redAt|deadline|start|agency|run`

    ARGV[1...] changes   groups of 4 — 'set', member, record, first threshold time (ms, -1 = none)
                         | 'del', member, revision that stopped, ''

  Output:
    number of operations that changed the index.
]]

local changed = 0
for i = 1, #ARGV, 4 do
  local member = ARGV[i + 1]
  local stored = redis.call('HGET', KEYS[2], member)
  local storedRev = stored and tonumber(string.match(stored, '^(%d+)|')) or nil
  if ARGV[i] == 'set' then
    local rev = tonumber(string.match(ARGV[i + 2], '^(%d+)|'))
    if storedRev == nil or storedRev < rev then
      redis.call('HSET', KEYS[2], member, ARGV[i + 2])
      if tonumber(ARGV[i + 3]) < 0 then
        redis.call('ZREM', KEYS[1], member)
      else
        redis.call('ZADD', KEYS[1], ARGV[i + 3], member)
      end
      changed = changed + 1
    end
  elseif storedRev ~= nil and storedRev <= tonumber(ARGV[i + 2]) then
    redis.call('HDEL', KEYS[2], member)
    redis.call('ZREM', KEYS[1], member)
    changed = changed + 1
  end
end
return changed
