--[[
  release-mark-1 — deletes a replay-guard mark only if it is still the one this request set, so a
  request that failed before it was accepted can be sent again, and never another request's mark.

  Input:
    KEYS[1] mark         `<prefix>:replay:<system>:<digest>`
    ARGV[1] value        the value this request set

  Output:
    1 deleted; 0 the mark is gone or belongs to another request
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0
