--[[
  audit-append-1 — appends records to the audit chain only if its tail is still the one the
  caller chained them from (compare-and-set). Hashes are computed by the caller (node:crypto):
  Redis Lua has no SHA-256, and hashing in Lua would spend the shared Redis' CPU.

  Input:
    KEYS[1] log          the audit list

    ARGV[1] tailHash     expected tail hash (64 zeros when the chain is empty)
    ARGV[2] tailSeq      expected tail seq (0 when empty)
    ARGV[3...] records   the new records, JSON text, in order

  Output:
    {1} appended; {0, seq, hash} the tail moved (another process appended): chain again
    from it and retry; {-1} the tail record is unreadable (the chain is damaged: fail closed).
]]
local last = redis.call('LINDEX', KEYS[1], -1)
local seq, hash = 0, string.rep('0', 64)
if last then
  local ok, rec = pcall(cjson.decode, last)
  if not ok or type(rec) ~= 'table' or type(rec.hash) ~= 'string' or type(rec.seq) ~= 'number' then
    return { -1 }
  end
  seq, hash = rec.seq, rec.hash
end
if hash ~= ARGV[1] or seq ~= tonumber(ARGV[2]) then
  return { 0, string.format('%.0f', seq), hash }
end
for i = 3, #ARGV do
  redis.call('RPUSH', KEYS[1], ARGV[i])
end
return { 1 }
