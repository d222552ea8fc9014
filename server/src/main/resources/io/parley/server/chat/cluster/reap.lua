-- Removes servers past their horizon (dead, or cut off for too long), at most ten at a time:
-- their names are free and their members leave their rooms. Returns how many.
local now = now_ms()
local dead = redis.call('ZRANGEBYSCORE', NODES, '-inf', num(now), 'LIMIT', 0, 10)
for _, node in ipairs(dead) do
  remove_node(node, 'server lost')
end
return #dead
