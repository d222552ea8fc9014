-- The open rooms and how many are in each: name, count, name, count...
local out = {}
local rooms = redis.call('HGETALL', ROOMS)
for i = 1, #rooms, 2 do
  local n = redis.call('HLEN', who(rooms[i]))
  if n > 0 then
    table.insert(out, fields(rooms[i + 1], 2)[2])
    table.insert(out, n)
  end
end
return out
