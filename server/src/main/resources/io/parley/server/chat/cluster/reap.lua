-- Removes servers past their horizon (dead, or cut off for too long), at most ten at a time,
-- never the one asking (it is alive; its heartbeat is late): their names are free and their
-- members leave their rooms. Returns how many. ARGV: the server asking.
local now = now_ms()
local dead = redis.call('ZRANGEBYSCORE', NODES, '-inf', num(now), 'LIMIT', 0, 11)
local removed = 0
for _, node in ipairs(dead) do
  if node ~= ARGV[1] and removed < 10 then
    remove_node(node, 'server lost')
    removed = removed + 1
  end
end
return removed
