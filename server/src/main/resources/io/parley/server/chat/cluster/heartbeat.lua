-- A server says it is alive until now + its horizon. Returns 1 if it had been taken for dead
-- (or is new), and how many servers are alive.
-- ARGV: server, horizon (ms).
local now = now_ms()
local added = redis.call('ZADD', NODES, now + tonumber(ARGV[2]), ARGV[1])
return {added, redis.call('ZCOUNT', NODES, '(' .. num(now), '+inf')}
