-- Frees a session's name, if the session still holds it.
-- ARGV: key, server, session.
local rec = redis.call('HGET', NAMES, ARGV[1])
if not rec then
  return 0
end
local r = parse_name(rec)
if r.node ~= ARGV[2] or r.serial ~= ARGV[3] then
  return 0
end
drop_name(ARGV[1], r)
return 1
