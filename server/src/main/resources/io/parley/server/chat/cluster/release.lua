-- Frees a session's name, if the session still holds it.
-- ARGV: key, server, session.
local r = held_by(ARGV[1], ARGV[2], ARGV[3])
if not r then
  return 0
end
drop_name(ARGV[1], r)
return 1
