-- A private message to whoever holds a name, kept in the pair's log and sent to the holder's
-- server. Nil if nobody holds the name.
-- KEYS: meta, log (of the pair). ARGV: name key, time, server, session, sender, text, keep.
local now = now_ms()
local rec = redis.call('HGET', NAMES, ARGV[1])
if not rec then
  return false
end
local r = parse_name(rec)
if not name_alive(r, now) then
  return false
end
local id, t, trimmed = append(KEYS[1], KEYS[2], 0, tonumber(ARGV[2]), tonumber(ARGV[7]),
    {'s', ARGV[5], 'r', r.display, 'x', ARGV[6], 'o', ARGV[3] .. ':' .. ARGV[4]})
redis.call('PUBLISH', node_channel(r.node),
    'p ' .. num(id) .. ' ' .. num(t) .. ' ' .. r.serial .. ' ' .. ARGV[5] .. ' ' .. r.display .. ' ' .. ARGV[6])
return {id, t, r.display, trimmed}
