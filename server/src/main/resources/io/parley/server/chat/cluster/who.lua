-- The names in a room, on every live server. ARGV: room key.
local now = now_ms()
local alive = {}
local names = {}
local entries = redis.call('HGETALL', who(ARGV[1]))
for i = 1, #entries, 2 do
  local node = string.match(entries[i], '^(.*):[^:]*$')
  if alive[node] == nil then
    alive[node] = node_alive(node, now) and true or false
  end
  if alive[node] then
    table.insert(names, entries[i + 1])
  end
end
return names
