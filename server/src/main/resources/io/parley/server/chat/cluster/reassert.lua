-- After this server was cut off: takes a name of one of its sessions again (unless a live
-- session of another server took it meanwhile: 'lost'), and its place in its room (announcing
-- it if the room had been told it left).
-- ARGV: key, skeleton, name, server, session, token, hold (ms, 0 for a live session),
--       room key or '', room skeleton, room name.
local now = now_ms()
local key, skeleton, node, serial = ARGV[1], ARGV[2], ARGV[4], ARGV[5]
local function mine(r)
  return r.node == node and r.serial == serial
end
local rec = redis.call('HGET', NAMES, key)
if rec then
  local r = parse_name(rec)
  if not mine(r) and name_alive(r, now) then
    return 'lost'
  end
  drop_name(key, r)
end
if lookalike_holder(skeleton, key, node, serial, now) then
  return 'lost'
end
local held = 0
if tonumber(ARGV[7]) > 0 then
  held = now + tonumber(ARGV[7])
end
redis.call('HSET', NAMES, key, name_record(node, serial, held, ARGV[6], skeleton, ARGV[3]))
redis.call('HSET', SKELETONS, skeleton, key)
redis.call('SADD', node_names(node), key)
local room = ARGV[8]
if room ~= '' then
  if redis.call('HEXISTS', ROOMS, room) == 0 then
    redis.call('HSET', ROOMS, room, ARGV[9] .. '\n' .. ARGV[10])
    redis.call('HSETNX', ROOM_SKELETONS, ARGV[9], room)
  end
  redis.call('HSET', node_rooms(node), serial, room)
  if redis.call('HSET', who(room), node .. ':' .. serial, ARGV[3]) == 1 then
    redis.call('PUBLISH', room_channel(room), 'n ' .. node .. ' ' .. serial .. ' * ' .. ARGV[3] .. ' joined ' .. ARGV[10])
  end
end
return 'ok'
