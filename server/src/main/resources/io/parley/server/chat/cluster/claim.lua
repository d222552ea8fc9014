-- Claims a name for a session: refused while another live session holds it ('taken'), unless
-- the resume token is the holder's (then the holder is displaced), or while a live session
-- holds a name that looks like it ('lookalike', that name). The session's old name is freed and
-- its room shows the new one.
-- ARGV: key, skeleton, name, server, session, new token, resume token or '', old key or '', room key or ''.
local now = now_ms()
local key, skeleton, node, serial = ARGV[1], ARGV[2], ARGV[4], ARGV[5]
local function mine(r)
  return r.node == node and r.serial == serial
end
local displaced_node, displaced_serial = '', ''
local rec = redis.call('HGET', NAMES, key)
local cur = rec and parse_name(rec)
if cur and not mine(cur) and name_alive(cur, now) then
  if ARGV[7] ~= '' and cur.token == ARGV[7] then
    displaced_node, displaced_serial = cur.node, cur.serial
  else
    return {'taken'}
  end
end
local lookalike = lookalike_holder(skeleton, key, node, serial, now)
if lookalike then
  return {'lookalike', lookalike.display}
end
if cur then
  drop_name(key, cur)
end
redis.call('HSET', NAMES, key, name_record(node, serial, 0, ARGV[6], skeleton, ARGV[3]))
redis.call('HSET', SKELETONS, skeleton, key)
redis.call('SADD', node_names(node), key)
if ARGV[8] ~= '' and ARGV[8] ~= key then
  local old = held_by(ARGV[8], node, serial)
  if old then
    drop_name(ARGV[8], old)
  end
end
if ARGV[9] ~= '' then
  redis.call('HSET', who(ARGV[9]), node .. ':' .. serial, ARGV[3])
end
if displaced_node ~= '' and displaced_node ~= node then
  redis.call('PUBLISH', node_channel(displaced_node), 'd ' .. displaced_serial)
end
return {'ok', displaced_node, displaced_serial}
