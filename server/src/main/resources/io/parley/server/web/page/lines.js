// The lines a Parley server sends (docs/protocol.md), taken apart. Pure functions, no page.

// letters, combining marks, digits and _ - . (docs/protocol.md, Names); the server is stricter
const NAME = '[\\p{L}\\p{M}\\p{Nd}_.\\-]{1,32}';
const CHAT = new RegExp(`^(${NAME}) : (.*)$`, 'su');
const PRIVATE = new RegExp(`^@(${NAME}) : (.*)$`, 'su');

/**
 * Splits an optional tag block (`~id=42;time=...;room=lobby;hist REST`) from the line.
 * Returns {tags, rest}; tags is null when the line has none. Flags are true, keys are strings.
 */
export function parseTags(line) {
  const space = line.indexOf(' ');
  if (!line.startsWith('~') || space < 0) {
    return { tags: null, rest: line };
  }
  const tags = {};
  for (const part of line.slice(1, space).split(';')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq < 0) tags[part] = true;
    else tags[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return { tags, rest: line.slice(space + 1) };
}

/**
 * What a line (without tags) is: {kind: 'notice'|'error', text}, {kind: 'chat'|'private', name,
 * text}, or {kind: 'other', text}.
 */
export function classify(line) {
  if (line.startsWith('* ')) return { kind: 'notice', text: line.slice(2) };
  if (line.startsWith('! ')) return { kind: 'error', text: line.slice(2) };
  let m = PRIVATE.exec(line);
  if (m) return { kind: 'private', name: m[1], text: m[2] };
  m = CHAT.exec(line);
  if (m) return { kind: 'chat', name: m[1], text: m[2] };
  return { kind: 'other', text: line };
}

const NOTICES = [
  [/^you are already in (\S+)$/u, (m) => ({ type: 'already', room: m[1] })],
  [/^you are in (\S+) with (\d+) others?$/u, (m) => ({ type: 'in-room', room: m[1], others: Number(m[2]) })],
  [/^you are (\S+)$/u, (m) => ({ type: 'you-are', name: m[1] })],
  [/^in (\S+) \((\d+)\): (.*)$/u, (m) => ({ type: 'who', room: m[1], count: Number(m[2]), names: list(m[3]) })],
  [/^rooms: (.*)$/u, (m) => ({ type: 'rooms', rooms: list(m[1]).map(room) })],
  [/^(\S+) joined (\S+)$/u, (m) => ({ type: 'joined', name: m[1], room: m[2] })],
  [/^(\S+) left for (\S+)$/u, (m) => ({ type: 'left-for', name: m[1], room: m[2] })],
  [/^(\S+) left \((.*)\)$/u, (m) => ({ type: 'left', name: m[1], reason: m[2] })],
  [/^(\S+) is now (\S+)$/u, (m) => ({ type: 'renamed', from: m[1], to: m[2] })],
  [/^history (?:of|with) (\S+): (\d+) messages?$/u, (m) => ({ type: 'history', of: m[1], count: Number(m[2]) })],
  [/^end of history$/u, () => ({ type: 'history-end' })],
  [/^tags (on|off)$/u, (m) => ({ type: 'tags', on: m[1] === 'on' })],
  [/^pong$/u, () => ({ type: 'pong' })],
  [/^bye\b/u, () => ({ type: 'bye' })],
  [/^server shutting down$/u, () => ({ type: 'shutdown' })],
  [/^welcome to Parley\b/u, () => ({ type: 'welcome' })],
];

/** The meaning of a notice's text (without `* `), or {type: 'other'}. */
export function parseNotice(text) {
  for (const [pattern, make] of NOTICES) {
    const m = pattern.exec(text);
    if (m) return make(m);
  }
  return { type: 'other' };
}

function list(text) {
  return text.split(', ').filter((s) => s.length > 0);
}

function room(item) {
  const m = /^(\S+) \((\d+)\)$/u.exec(item);
  return m ? { name: m[1], count: Number(m[2]) } : { name: item, count: 0 };
}

/** The errors that answer a claim of a name: taken (or like one taken), or not a valid name. */
export function isClaimError(text) {
  return /^name \S+ is taken\b/u.test(text) || text.startsWith('invalid name ');
}
