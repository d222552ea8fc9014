-- Puts a member in a room: the open room of that key, else the open room that looks like it,
-- else a new room. Returns the room's key, its name and how many are in it now.
-- ARGV: room key, room skeleton, room name, server, session, member name.
local key, rec = ARGV[1], redis.call('HGET', ROOMS, ARGV[1])
if not rec then
  local other = redis.call('HGET', ROOM_SKELETONS, ARGV[2])
  local orec = other and redis.call('HGET', ROOMS, other)
  if orec then
    key, rec = other, orec
  else
    rec = ARGV[2] .. '\n' .. ARGV[3]
    redis.call('HSET', ROOMS, key, rec)
    redis.call('HSET', ROOM_SKELETONS, ARGV[2], key)
  end
end
redis.call('HSET', who(key), ARGV[4] .. ':' .. ARGV[5], ARGV[6])
redis.call('HSET', node_rooms(ARGV[4]), ARGV[5], key)
return {key, fields(rec, 2)[2], redis.call('HLEN', who(key))}
