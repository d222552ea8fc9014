-- A room line: its id, its place in the room's log, and its publication to every server, in one
-- step, so that the order of the room's channel is the order of its ids.
-- KEYS: meta, log. ARGV: room, floor, time, server, session, sender, text, keep.
local id, t, trimmed = append(KEYS[1], KEYS[2], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[8]),
    {'s', ARGV[6], 'x', ARGV[7], 'o', ARGV[4] .. ':' .. ARGV[5]})
redis.call('PUBLISH', room_channel(ARGV[1]),
    'm ' .. num(id) .. ' ' .. num(t) .. ' ' .. ARGV[4] .. ' ' .. ARGV[5] .. ' ' .. ARGV[6] .. ' ' .. ARGV[7])
return {id, t, trimmed}
