--[[
  audit-read-2 — records a dead-letter read (list, inspect), numbered from the destination's audit
  sequence (field `n`, shared with replay and discard so the two streams merge in order), and
  drops the reads older than the retention, in one step. Ages are measured on the stream ids
  (Redis server time, the clock that stamped every entry), so a write never trims itself.

  Input:
    KEYS[1] auditReads   stream of dead-letter reads
    KEYS[2] auditSeq     counter numbering both audit streams

    ARGV[1] retentionMs  retention (integer ms)
    ARGV[2...] fields    field, value pairs of the entry

  Output:
    the new entry's id
]]

local id = redis.call('XADD', KEYS[1], '*', 'n', redis.call('INCR', KEYS[2]), unpack(ARGV, 2))
local ms = tonumber(string.match(id, '^(%d+)'))
redis.call('XTRIM', KEYS[1], 'MINID', string.format('%d', math.max(0, ms - tonumber(ARGV[1]))))
return id
