-- Holds a session's name for its resume token for a while after the session ended.
-- ARGV: key, server, session, hold (ms).
local r = held_by(ARGV[1], ARGV[2], ARGV[3])
if not r then
  return 0
end
redis.call('HSET', NAMES, ARGV[1], name_record(r.node, r.serial, now_ms() + tonumber(ARGV[4]), r.token, r.skeleton, r.display))
return 1
