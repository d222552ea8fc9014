-- Parley's keys in Redis, and what every script shares (this text is put in front of each one).
--
-- parley:nodes               ZSET   server id -> when it counts as dead (ms, Redis' clock)
-- parley:names               HASH   name key -> name record (below)
-- parley:skeletons           HASH   confusable skeleton -> name key holding it
-- parley:node:ID:names       SET    name keys a server holds (to free them when it dies)
-- parley:node:ID:rooms       HASH   session -> room key, the server's members (to take them out when it dies)
-- parley:rooms               HASH   room key -> "SKELETON\nNAME" of every open room
-- parley:roomskeletons       HASH   skeleton -> room key of the open room holding it
-- parley:who:ROOM            HASH   "ID:SESSION" -> member name, everyone in the room
-- parley:{CONV}:meta         HASH   id (last id given), t (last time given), of a room (#room) or pair (@a b)
-- parley:{CONV}:log          STREAM the conversation's history; entry id "ID-0", fields t s [r] x o
-- channels: parley:room:ROOM (lines of a room), parley:node:ID (private messages, displacements)
--
-- A name record: "SERVER\nSESSION\nHELD_UNTIL\nTOKEN\nSKELETON\nNAME"; HELD_UNTIL is 0 while
-- the session lives. A record counts only while its server is alive and its hold not over.

local P = 'parley:'
local NODES = P .. 'nodes'
local NAMES = P .. 'names'
local SKELETONS = P .. 'skeletons'
local ROOMS = P .. 'rooms'
local ROOM_SKELETONS = P .. 'roomskeletons'

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function num(n)
  return string.format('%.0f', n)
end

-- The n fields of s, split at newlines (the last one takes the rest).
local function fields(s, n)
  local out, pos = {}, 1
  for i = 1, n - 1 do
    local e = string.find(s, '\n', pos, true)
    if not e then
      return nil
    end
    out[i] = string.sub(s, pos, e - 1)
    pos = e + 1
  end
  out[n] = string.sub(s, pos)
  return out
end

local function parse_name(rec)
  local f = fields(rec, 6)
  return {node = f[1], serial = f[2], held = tonumber(f[3]), token = f[4], skeleton = f[5], display = f[6]}
end

local function name_record(node, serial, held, token, skeleton, display)
  return node .. '\n' .. serial .. '\n' .. num(held) .. '\n' .. token .. '\n' .. skeleton .. '\n' .. display
end

local function node_names(node)
  return P .. 'node:' .. node .. ':names'
end

local function node_rooms(node)
  return P .. 'node:' .. node .. ':rooms'
end

local function who(room)
  return P .. 'who:' .. room
end

local function room_channel(room)
  return P .. 'room:' .. room
end

local function node_channel(node)
  return P .. 'node:' .. node
end

local function node_alive(node, now)
  local expires = redis.call('ZSCORE', NODES, node)
  return expires and tonumber(expires) > now
end

local function name_alive(r, now)
  if r.held > 0 and r.held <= now then
    return false
  end
  return node_alive(r.node, now)
end

-- The record of a name if that session holds it, else nil.
local function held_by(key, node, serial)
  local rec = redis.call('HGET', NAMES, key)
  if not rec then
    return nil
  end
  local r = parse_name(rec)
  if r.node ~= node or r.serial ~= serial then
    return nil
  end
  return r
end

-- Drops a name record and its look-alike reservation.
local function drop_name(key, r)
  redis.call('HDEL', NAMES, key)
  if redis.call('HGET', SKELETONS, r.skeleton) == key then
    redis.call('HDEL', SKELETONS, r.skeleton)
  end
  redis.call('SREM', node_names(r.node), key)
end

-- The live record of another session holding a name that looks like key's (the same skeleton),
-- or nil; a dead one found there is dropped.
local function lookalike_holder(skeleton, key, node, serial, now)
  local owner = redis.call('HGET', SKELETONS, skeleton)
  if not owner or owner == key then
    return nil
  end
  local rec = redis.call('HGET', NAMES, owner)
  if not rec then
    return nil
  end
  local o = parse_name(rec)
  if not name_alive(o, now) then
    drop_name(owner, o)
    return nil
  end
  if o.node == node and o.serial == serial then
    return nil
  end
  return o
end

-- A room with nobody left in it closes (lobby never does), freeing its look-alikes.
local function close_if_empty(room)
  if room ~= 'lobby' and redis.call('HLEN', who(room)) == 0 then
    local rec = redis.call('HGET', ROOMS, room)
    if rec then
      local f = fields(rec, 2)
      redis.call('HDEL', ROOMS, room)
      if redis.call('HGET', ROOM_SKELETONS, f[1]) == room then
        redis.call('HDEL', ROOM_SKELETONS, f[1])
      end
    end
  end
end

-- Everything of a server that stopped or died: its names are free, its members leave their
-- rooms, and each room is told (the notice is not for the server itself: session -1).
local function remove_node(node, reason)
  redis.call('ZREM', NODES, node)
  for _, key in ipairs(redis.call('SMEMBERS', node_names(node))) do
    local rec = redis.call('HGET', NAMES, key)
    if rec then
      local r = parse_name(rec)
      if r.node == node then
        drop_name(key, r)
      end
    end
  end
  redis.call('DEL', node_names(node))
  local members = redis.call('HGETALL', node_rooms(node))
  for i = 1, #members, 2 do
    local session, room = members[i], members[i + 1]
    local display = redis.call('HGET', who(room), node .. ':' .. session)
    redis.call('HDEL', who(room), node .. ':' .. session)
    if display then
      redis.call('PUBLISH', room_channel(room), 'n ' .. node .. ' -1 * ' .. display .. ' left (' .. reason .. ')')
    end
    close_if_empty(room)
  end
  redis.call('DEL', node_rooms(node))
end

-- Gives a message of a conversation its id (one more than the last one given, and above floor)
-- and its time (never before the last one's), and keeps it in the conversation's log, trimmed
-- to keep entries (0: all). Returns id, time, and how many old entries the trim dropped.
local function append(meta, log, floor, t, keep, entry)
  local id = redis.call('HINCRBY', meta, 'id', 1)
  if id == 1 then
    -- a new conversation, or one whose counter was lost: never below what the log holds
    local top = redis.call('XREVRANGE', log, '+', '-', 'COUNT', 1)
    if #top > 0 then
      local last = tonumber(string.match(top[1][1], '^(%d+)'))
      if last >= id then
        id = last + 1
      end
    end
  end
  if id <= floor then
    id = floor + 1
  end
  local last_t = tonumber(redis.call('HGET', meta, 't') or '0')
  if t < last_t then
    t = last_t
  end
  redis.call('HSET', meta, 'id', num(id), 't', num(t))
  local trimmed = 0
  local args = {'XADD', log}
  if keep > 0 then
    trimmed = redis.call('XLEN', log) + 1 - keep
    table.insert(args, 'MAXLEN')
    table.insert(args, num(keep))
  end
  table.insert(args, num(id) .. '-0')
  table.insert(args, 't')
  table.insert(args, num(t))
  for _, v in ipairs(entry) do
    table.insert(args, v)
  end
  redis.call(unpack(args))
  if trimmed < 0 then
    trimmed = 0
  end
  return id, t, trimmed
end
