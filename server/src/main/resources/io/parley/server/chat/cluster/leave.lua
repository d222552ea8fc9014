-- Takes a member out of a room; the room closes if it empties.
-- ARGV: room key, server, session.
local room, node, serial = ARGV[1], ARGV[2], ARGV[3]
redis.call('HDEL', who(room), node .. ':' .. serial)
if redis.call('HGET', node_rooms(node), serial) == room then
  redis.call('HDEL', node_rooms(node), serial)
end
close_if_empty(room)
return 1
