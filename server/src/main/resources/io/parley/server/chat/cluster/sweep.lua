-- Age retention of one log: drops its oldest entries older than the cutoff, at most 100 at a
-- time (times never go back within a log, so they are a prefix). Returns how many.
-- KEYS: log. ARGV: cutoff (ms).
local cutoff = tonumber(ARGV[1])
local entries = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 100)
local expired = 0
local first_kept = nil
for _, e in ipairs(entries) do
  local t = nil
  local f = e[2]
  for i = 1, #f, 2 do
    if f[i] == 't' then
      t = tonumber(f[i + 1])
      break
    end
  end
  if t and t >= cutoff then
    first_kept = e[1]
    break
  end
  expired = expired + 1
end
if expired == 0 then
  return 0
end
if not first_kept then
  first_kept = num(tonumber(string.match(entries[#entries][1], '^(%d+)')) + 1) .. '-0'
end
redis.call('XTRIM', KEYS[1], 'MINID', first_kept)
return expired
