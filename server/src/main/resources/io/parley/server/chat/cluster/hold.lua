-- Holds a session's name for its resume token for a while after the session ended.
-- ARGV: key, server, session, hold (ms).
local rec = redis.call('HGET', NAMES, ARGV[1])
if not rec then
  return 0
end
local r = parse_name(rec)
if r.node ~= ARGV[2] or r.serial ~= ARGV[3] then
  return 0
end
redis.call('HSET', NAMES, ARGV[1], name_record(r.node, r.serial, now_ms() + tonumber(ARGV[4]), r.token, r.skeleton, r.display))
return 1
