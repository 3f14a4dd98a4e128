/**
 * audit-read-2 — records a dead-letter read (list, inspect), numbered from the destination's audit
 * sequence (field `n`, shared with replay and discard so the two streams merge in order), and
 * drops the reads older than the retention, in one step. Ages are measured on the stream ids
 * (Redis server time, the clock that stamped every entry), so a write never trims itself.
 *
 * KEYS[1] auditReads stream   KEYS[2] auditSeq
 *
 * ARGV[1] retention (integer ms)   ARGV[2..] field, value pairs of the entry
 *
 * Result: the new entry's id.
 */
export const auditReadLua = `
local id = redis.call('XADD', KEYS[1], '*', 'n', redis.call('INCR', KEYS[2]), unpack(ARGV, 2))
local ms = tonumber(string.match(id, '^(%d+)'))
redis.call('XTRIM', KEYS[1], 'MINID', string.format('%d', math.max(0, ms - tonumber(ARGV[1]))))
return id
`;
