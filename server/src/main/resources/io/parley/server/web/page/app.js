// Parley's chat page: one WebSocket to /ws carrying the same lines as a TCP connection, one line
// per text frame (docs/protocol.md). Everything other people send enters the page as text
// (textContent), never as HTML.

import { colourClass, nameKey } from './colours.js';
import { classify, isClaimError, parseNotice, parseTags } from './lines.js';

const MAX_LINE = Number(document.querySelector('meta[name="parley-max-line"]').content) || 4096;
const NAME_SHAPE = /^[\p{L}\p{M}\p{Nd}_.\-]{1,32}$/u; // the server checks the rest
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000, 30000];
const REFRESH_MS = 60000; // /rooms each minute: a fresh list, and the session never idles out
const ROOMS_DEBOUNCE_MS = 1500;
const CLAIM_RETRY_MS = 1000; // our own name may still be held by the connection just lost
const CLAIM_RETRIES = 10;
const HISTORY_PAGE = 50;
const HISTORY_RESUME = 1000;
const RESUME_PRIVATE = 5; // private conversations caught up after a reconnect

const $ = (id) => document.getElementById(id);
const ui = {
  log: $('log'), say: $('say'), line: $('line'), send: $('send'), status: $('status'), room: $('room'),
  me: $('me'), leave: $('leave'), toggle: $('toggle-side'), people: $('people'), peopleRoom: $('people-room'),
  peopleCount: $('people-count'), rooms: $('rooms'), join: $('join'), joinRoom: $('join-room'),
  claim: $('claim'), claimForm: $('claim-form'), name: $('name'), claimError: $('claim-error'),
  replaced: $('replaced'), takeBack: $('take-back'),
};

// Per tab: a reload keeps its name and place; another tab is another person.
const store = window.sessionStorage;

const state = {
  ws: null,
  connection: 0,          // counts connections, to tell lines sent on this one from older ones
  tagsKnown: false,       // the answer to /tags on has arrived on this connection
  tags: false,            // the server tags lines (ids, times, history, resume)
  name: null,             // the name the server confirmed on this connection
  wanted: store.getItem('parley.name'),
  token: store.getItem('parley.token'),
  room: store.getItem('parley.room') || 'lobby', // where we mean to be
  current: null,          // where the server says we are
  lastIds: JSON.parse(store.getItem('parley.last') || '{}'), // conversation -> newest id seen
  seen: new Map(),        // "conversation#id" -> entry
  pending: [],            // own lines not yet acknowledged: {conv, li, text}
  catchingUp: new Set(),  // conversations whose missed lines were asked for after a reconnect
  expect: { tags: 0, who: 0, rooms: 0 }, // the page's own commands: answers not shown
  continuing: null,       // a hidden answer that spans lines
  batch: null,            // a history batch being received
  people: new Map(),      // key -> name, in our room
  roomList: new Map(),    // key -> {name, count}
  claiming: null,
  claimRetries: 0,
  rejoin: store.getItem('parley.name') !== null, // a reload: claim the name again, go back, catch up
  resuming: false,
  attempt: 0,
  retryTimer: null,
  refreshTimer: null,
  roomsTimer: null,
  loadingOlder: false,
  olderDone: false,
  quitting: false,
  replaced: false,
  shuttingDown: false,
  outage: false,
  unread: 0,
};

// --- the connection ------------------------------------------------------------------------

function connect() {
  clearTimeout(state.retryTimer);
  if (state.ws) return;
  const url = new URL('ws', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  url.hash = '';
  setStatus('connecting', 'connecting…');
  const ws = new WebSocket(url);
  state.ws = ws;
  ws.onopen = () => opened();
  ws.onmessage = (event) => {
    if (state.ws === ws && typeof event.data === 'string') receive(event.data);
  };
  ws.onclose = (event) => {
    if (state.ws === ws) closed(event);
  };
}

function opened() {
  state.connection++;
  Object.assign(state, { tagsKnown: false, tags: false, name: null, claiming: null, continuing: null, batch: null });
  state.expect = { tags: 0, who: 0, rooms: 0 };
  setStatus('connecting', 'connected, joining…');
  sendHidden('/tags on', 'tags'); // ids, times and history, where the server has them
}

function afterTags(on) {
  state.tagsKnown = true;
  state.tags = on;
  if (!on) state.token = null;
  if (state.wanted) claim(state.wanted);
}

function claim(name) {
  state.claiming = name;
  const token = state.tags && state.token ? ' ' + state.token : '';
  sendRaw('/nick ' + name + token);
}

function closed(event) {
  state.ws = null;
  const wasNamed = state.name !== null;
  state.name = null;
  state.claiming = null;
  setInputEnabled(false);
  clearInterval(state.refreshTimer);
  if (wasNamed) state.rejoin = true;
  if (!state.tags) state.pending = [];
  if (state.quitting) {
    state.quitting = false;
    forget();
    setStatus('offline', 'you left the chat');
    showClaim('');
    return;
  }
  if (state.replaced) {
    setStatus('offline', 'open in another window');
    ui.replaced.hidden = false;
    return;
  }
  if (!state.wanted) {
    setStatus('offline', 'not connected');
    return;
  }
  const delay = Math.round(BACKOFF_MS[Math.min(state.attempt, BACKOFF_MS.length - 1)] * (1 + Math.random() * 0.2));
  state.attempt++;
  const why = state.shuttingDown ? 'server restarting' : 'connection lost';
  if (wasNamed && !state.outage) {
    state.outage = true;
    show(entry('notice', `${why}; reconnecting…`));
  }
  setStatus('offline', `${why}; reconnecting in ${Math.ceil(delay / 1000)} s`);
  state.retryTimer = setTimeout(connect, delay);
  if (event.code === 1009 || event.code === 1003) show(entry('error', `closed by the server: ${event.reason}`));
}

function sendRaw(line) {
  if (state.ws && state.ws.readyState === WebSocket.OPEN) state.ws.send(line);
}

/** A command of the page's own: its answer updates the lists and is not shown. */
function sendHidden(line, kind) {
  if (!state.ws || state.ws.readyState !== WebSocket.OPEN) return;
  state.expect[kind]++;
  sendRaw(line);
}

// --- what the server sends ------------------------------------------------------------------

function receive(raw) {
  const { tags, rest } = parseTags(raw);
  const line = classify(rest);
  if (line.kind !== 'notice') state.continuing = null;
  if (line.kind === 'notice') notice(line.text, tags || {});
  else if (line.kind === 'error') error(line.text);
  else if (line.kind === 'chat' || line.kind === 'private') message(line, tags || {});
  else show(entry('notice', line.text));
}

function notice(text, tags) {
  const n = parseNotice(text);
  if (hiddenAnswer(n)) return;
  switch (n.type) {
    case 'welcome':
      return; // it tells nc users how to claim a name: the page has its own form
    case 'you-are':
      if (named(n.name, tags.token)) return;
      break;
    case 'in-room':
      if (enteredRoom(n.room, n.others)) return;
      break;
    case 'joined':
      if (sameRoom(n.room)) addPerson(n.name);
      roomsChanged();
      break;
    case 'left':
    case 'left-for':
      removePerson(n.name);
      roomsChanged();
      break;
    case 'renamed':
      removePerson(n.from);
      addPerson(n.to);
      break;
    case 'who':
      setPeople(n.names);
      break;
    case 'rooms':
      setRooms(n.rooms, true);
      break;
    case 'history':
      if (tags.hist) return startBatch(tags);
      break;
    case 'history-end':
      if (tags.hist) return endBatch();
      break;
    case 'bye':
      state.quitting = true;
      break;
    case 'shutdown':
      state.shuttingDown = true;
      break;
    default:
  }
  show(entry('notice', text));
}

/** Answers to the page's own /who, /rooms and /tags: taken in, not shown. */
function hiddenAnswer(n) {
  const c = state.continuing;
  if (c && n.type === c.type) {
    if (n.type === 'who') {
      addPeople(n.names);
      c.left -= n.names.length;
      if (c.left <= 0) state.continuing = null;
    } else {
      setRooms(n.rooms, false);
    }
    return true;
  }
  state.continuing = null;
  if (n.type === 'who' && state.expect.who > 0) {
    state.expect.who--;
    setPeople(n.names);
    if (n.names.length < n.count) state.continuing = { type: 'who', left: n.count - n.names.length };
    return true;
  }
  if (n.type === 'rooms' && state.expect.rooms > 0) {
    state.expect.rooms--;
    setRooms(n.rooms, true);
    state.continuing = { type: 'rooms' };
    return true;
  }
  if (n.type === 'tags' && state.expect.tags > 0) {
    state.expect.tags--;
    afterTags(n.on);
    return true;
  }
  return false;
}

function error(text) {
  if (state.expect.tags > 0) {
    // a server without tags: it does not know the command
    state.expect.tags--;
    afterTags(false);
    return;
  }
  if (state.claiming && isClaimError(text)) return claimFailed(text);
  if (text.startsWith('your session was resumed from another connection')) state.replaced = true;
  const missing = /^no one here is called (\S+)$/u.exec(text);
  if (missing) failPending('p:' + nameKey(missing[1]));
  else if (text.startsWith('slow down')) failPending(null);
  show(entry('error', text));
}

function named(name, token) {
  const wasClaiming = state.claiming !== null;
  state.resuming = wasClaiming && state.rejoin;
  state.rejoin = false;
  state.name = name;
  state.wanted = name;
  state.claiming = null;
  state.claimRetries = 0;
  state.attempt = 0;
  store.setItem('parley.name', name);
  window.localStorage.setItem('parley.lastName', name);
  if (token) {
    state.token = token;
    store.setItem('parley.token', token);
  }
  ui.claim.hidden = true;
  ui.me.textContent = name;
  ui.me.className = 'me ' + colourClass(name);
  ui.leave.hidden = false;
  setInputEnabled(true);
  setStatus('online', 'online');
  clearInterval(state.refreshTimer);
  state.refreshTimer = setInterval(() => sendHidden('/rooms', 'rooms'), REFRESH_MS);
  if (wasClaiming && state.outage) {
    state.outage = false;
    state.shuttingDown = false;
    show(entry('notice', 'reconnected'));
    return true;
  }
  return false;
}

function claimFailed(text) {
  const name = state.claiming;
  state.claiming = null;
  if (state.rejoin && nameKey(name) === nameKey(state.wanted || '') && text.endsWith('is taken')
      && state.claimRetries < CLAIM_RETRIES) {
    // Coming back: the server may still hold our name for the connection that was just lost; a
    // token it does not know (a server restarted) is no use.
    state.claimRetries++;
    state.token = null;
    setStatus('connecting', `waiting for the name ${name}…`);
    setTimeout(() => {
      if (state.ws && !state.name && !state.claiming) claim(name);
    }, CLAIM_RETRY_MS);
    return;
  }
  state.wanted = null;
  state.token = null;
  state.rejoin = false;
  store.removeItem('parley.name');
  store.removeItem('parley.token');
  setStatus('connecting', 'pick a name');
  showClaim(text, name);
}

/** Returns true when the notice is not to be shown. */
function enteredRoom(room) {
  const resuming = state.resuming;
  if (resuming && nameKey(room) !== nameKey(state.room)) {
    sendRaw('/join ' + state.room); // back after a reconnect: go back to where we were
    return true;
  }
  state.resuming = false;
  const viewed = ui.log.dataset.room;
  const sameView = viewed !== undefined && nameKey(viewed) === nameKey(room);
  if (viewed !== undefined && !sameView) clearLog(); // a room of its own, its history comes next
  ui.log.dataset.room = room;
  state.current = room;
  state.room = room;
  store.setItem('parley.room', room);
  ui.room.textContent = '#' + room;
  ui.peopleRoom.textContent = room;
  document.title = titleText();
  setPeople([state.name]);
  sendHidden('/who', 'who');
  sendHidden('/rooms', 'rooms');
  if (resuming) catchUp(room);
  return resuming && sameView;
}

/** After a reconnect: what was said while we were away, from the history. */
function catchUp(room) {
  if (!state.tags) return;
  const conv = 'r:' + nameKey(room);
  const privates = Object.keys(state.lastIds).filter((k) => k.startsWith('p:')).slice(-RESUME_PRIVATE);
  for (const k of [conv, ...privates]) {
    if (!state.lastIds[k]) continue;
    state.catchingUp.add(k);
    const who = k === conv ? '' : '@' + k.slice(2) + ' ';
    sendRaw(`/history ${who}after ${state.lastIds[k]} ${HISTORY_RESUME}`);
  }
  failUnconfirmed((c) => !state.catchingUp.has(c)); // nothing to compare them with
}

/** Own lines sent before a connection was lost and never found stored. */
function failUnconfirmed(match) {
  state.pending = state.pending.filter((p) => {
    if (p.sentOn === state.connection || !match(p.conv)) return true;
    p.li.classList.replace('pending', 'failed');
    p.li.title = 'not confirmed by the server: it may not have been sent';
    return false;
  });
}

// --- messages --------------------------------------------------------------------------------

function message(line, tags) {
  const own = state.name !== null && nameKey(line.name) === nameKey(state.name);
  const priv = line.kind === 'private';
  const to = priv ? (tags.to || state.name) : null;
  const partner = priv ? (own ? to : line.name) : null;
  const conv = priv ? 'p:' + nameKey(partner) : 'r:' + nameKey(tags.room || state.current || '');
  const id = tags.id ? Number(tags.id) : null;
  if (id !== null && state.seen.has(conv + '#' + id)) return;
  if (own && id !== null && adoptPending(conv, id, tags.ack ? null : line.text)) return;
  if (tags.ack) return; // acknowledges a line this page no longer waits for
  const li = messageEntry({
    from: line.name, to, text: line.text, time: tags.time ? new Date(tags.time) : new Date(), own, priv, conv, id,
  });
  if (tags.hist && state.batch) {
    state.batch.items.push({ li, id, conv });
    return;
  }
  place(li, id);
  remember(conv, id, li);
  if (!tags.hist && !own) countUnread();
}

/**
 * Our own line came back stored: an ack (acks come in the order the lines were sent, text null) or
 * history after a reconnect (matched by its text). It gets its id.
 */
function adoptPending(conv, id, text) {
  const i = state.pending.findIndex((p) => p.conv === conv
      && (text === null ? p.sentOn === state.connection : p.text === text));
  if (i < 0) return false;
  const [p] = state.pending.splice(i, 1);
  p.li.classList.remove('pending');
  remember(conv, id, p.li);
  return true;
}

function failPending(conv) {
  for (let i = state.pending.length - 1; i >= 0; i--) {
    if (conv === null || state.pending[i].conv === conv) {
      state.pending[i].li.classList.remove('pending');
      state.pending[i].li.classList.add('failed');
      state.pending[i].li.title = 'not sent';
      state.pending.splice(i, 1);
      return;
    }
  }
}

function remember(conv, id, li) {
  if (id === null) return;
  li.dataset.id = id;
  li.dataset.conv = conv;
  state.seen.set(conv + '#' + id, li);
  if (!(state.lastIds[conv] >= id)) {
    state.lastIds[conv] = id;
    store.setItem('parley.last', JSON.stringify(state.lastIds));
  }
}

function startBatch(tags) {
  const conv = tags.to ? 'p:' + nameKey(tags.to) : 'r:' + nameKey(tags.room || state.current || '');
  state.batch = { conv, items: [], older: state.loadingOlder && !!tags.room };
}

function endBatch() {
  const batch = state.batch;
  state.batch = null;
  if (!batch) return;
  const items = batch.items.filter((x) => !state.seen.has(x.conv + '#' + x.id)).sort((a, b) => a.id - b.id);
  const stick = atBottom();
  const fromBottom = ui.log.scrollHeight - ui.log.scrollTop;
  for (const { li, id, conv } of items) {
    insertById(li, id);
    remember(conv, id, li);
  }
  if (state.catchingUp.delete(batch.conv)) failUnconfirmed((c) => c === batch.conv);
  if (batch.older) {
    state.loadingOlder = false;
    if (items.length === 0) state.olderDone = true;
    ui.log.scrollTop = ui.log.scrollHeight - fromBottom; // the lines in view stay where they were
  } else if (stick) {
    scrollToBottom();
  }
  if (ui.log.scrollHeight <= ui.log.clientHeight) loadOlder(); // nothing to scroll yet: fetch more
}

/** Scrolled to the top: the room's history before the oldest line shown. */
function loadOlder() {
  if (!state.tags || !state.name || state.loadingOlder || state.olderDone) return;
  const first = ui.log.querySelector(`li[data-conv="${CSS.escape('r:' + nameKey(state.current || ''))}"][data-id]`);
  if (!first) return;
  state.loadingOlder = true;
  sendRaw(`/history before ${first.dataset.id} ${HISTORY_PAGE}`);
}

// --- what the user types ---------------------------------------------------------------------

function submit(text) {
  if (!state.name) return false;
  if (text === 'q' || /^\/quit\b/iu.test(text)) {
    state.quitting = true;
    sendRaw(text);
    return true;
  }
  if (text.startsWith('/')) {
    if (!fits(text)) return false;
    const pm = /^\/msg\s+(\S+)\s+(.+)$/isu.exec(text);
    sendRaw(text);
    if (pm) own({ priv: true, to: pm[1], text: pm[2].trim() });
    return true;
  }
  const line = state.name + ' : ' + text; // always with our name, so "x : y" stays text
  if (!fits(line)) return false;
  sendRaw(line);
  own({ priv: false, text });
  return true;
}

function own({ priv, to, text }) {
  const conv = priv ? 'p:' + nameKey(to) : 'r:' + nameKey(state.current || '');
  const li = messageEntry({ from: state.name, to, text, time: new Date(), own: true, priv, conv, id: null });
  if (state.tags) {
    li.classList.add('pending'); // until the server says it is stored
    state.pending.push({ conv, li, text, sentOn: state.connection });
  }
  ui.log.append(li);
  scrollToBottom();
}

function fits(line) {
  const bytes = new TextEncoder().encode(line).length;
  if (bytes <= MAX_LINE) return true;
  show(entry('error', `too long: ${bytes} bytes, at most ${MAX_LINE}; not sent`));
  return false;
}

// --- building entries (text only, never HTML) -----------------------------------------------

function entry(kind, text, time = new Date()) {
  const li = document.createElement('li');
  li.className = 'entry ' + kind;
  const body = document.createElement('span');
  body.className = 'body';
  body.textContent = text;
  li.append(timeOf(time), body);
  return li;
}

function messageEntry(m) {
  const li = document.createElement('li');
  li.className = 'entry msg' + (m.priv ? ' private' : '') + (m.own ? ' own' : '');
  li.dataset.conv = m.conv;
  const body = document.createElement('span');
  body.className = 'body';
  if (m.priv) {
    const via = document.createElement('span');
    via.className = 'via';
    via.append(nameButton(m.from), ' → ', nameButton(m.to));
    body.append(via);
  } else {
    body.append(nameButton(m.from));
  }
  body.append(document.createTextNode(m.text));
  if (!m.own && state.name && m.text.toLowerCase().includes(state.name.toLowerCase())) li.classList.add('mention');
  li.append(timeOf(m.time), body);
  return li;
}

function nameButton(name) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'nick ' + colourClass(name);
  b.dataset.name = name;
  b.title = 'private message to ' + name;
  b.textContent = name;
  return b;
}

function timeOf(date) {
  const t = document.createElement('time');
  const valid = !Number.isNaN(date.getTime());
  const when = valid ? date : new Date();
  t.dateTime = when.toISOString();
  t.title = when.toLocaleString();
  const today = when.toDateString() === new Date().toDateString();
  const hhmm = String(when.getHours()).padStart(2, '0') + ':' + String(when.getMinutes()).padStart(2, '0');
  t.textContent = (today ? '' : when.toLocaleDateString([], { day: 'numeric', month: 'short' }) + ' ') + hhmm;
  return t;
}

function show(li) {
  const stick = atBottom();
  ui.log.append(li);
  if (stick) scrollToBottom();
}

function place(li, id) {
  const stick = atBottom();
  if (id === null) ui.log.append(li);
  else insertById(li, id);
  if (stick) scrollToBottom();
}

/** In id order among the lines that have ids; lines without ids stay where they are. */
function insertById(li, id) {
  let after = null;
  for (let node = ui.log.lastElementChild; node; node = node.previousElementSibling) {
    if (node.dataset.id === undefined || node.dataset.conv !== li.dataset.conv) continue;
    if (Number(node.dataset.id) < id) {
      after = node;
      break;
    }
    after = undefined; // an id'd line newer than this one exists: keep looking further up
  }
  if (after === null) ui.log.append(li); // newest of all
  else if (after === undefined) ui.log.prepend(li); // oldest of all
  else after.after(li);
}

function clearLog() {
  ui.log.replaceChildren();
  state.seen.clear();
  state.olderDone = false;
  state.loadingOlder = false;
}

function atBottom() {
  return ui.log.scrollHeight - ui.log.scrollTop - ui.log.clientHeight < 40;
}

function scrollToBottom() {
  ui.log.scrollTop = ui.log.scrollHeight;
}

// --- people and rooms ------------------------------------------------------------------------

function sameRoom(room) {
  return state.current !== null && nameKey(room) === nameKey(state.current);
}

function setPeople(names) {
  state.people.clear();
  addPeople(names);
}

function addPeople(names) {
  for (const n of names) if (n) state.people.set(nameKey(n), n);
  renderPeople();
}

function addPerson(name) {
  addPeople([name]);
}

function removePerson(name) {
  state.people.delete(nameKey(name));
  renderPeople();
}

function renderPeople() {
  const names = [...state.people.values()].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
  ui.people.replaceChildren(...names.map((n) => {
    const li = document.createElement('li');
    li.append(nameButton(n));
    if (state.name && nameKey(n) === nameKey(state.name)) {
      const you = document.createElement('span');
      you.className = 'you';
      you.textContent = '(you)';
      li.append(you);
    }
    return li;
  }));
  ui.peopleCount.textContent = `(${names.length})`;
}

function setRooms(rooms, fresh) {
  if (fresh) state.roomList.clear();
  for (const r of rooms) state.roomList.set(nameKey(r.name), r);
  ui.rooms.replaceChildren(...[...state.roomList.values()].map((r) => {
    const li = document.createElement('li');
    if (sameRoom(r.name)) li.className = 'current';
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.room = r.name;
    const size = document.createElement('span');
    size.className = 'size';
    size.textContent = r.count;
    b.append('#' + r.name, size);
    li.append(b);
    return li;
  }));
}

function roomsChanged() {
  clearTimeout(state.roomsTimer);
  state.roomsTimer = setTimeout(() => sendHidden('/rooms', 'rooms'), ROOMS_DEBOUNCE_MS);
}

// --- the rest of the page --------------------------------------------------------------------

function setStatus(kind, text) {
  ui.status.className = 'status ' + kind;
  ui.status.textContent = text;
}

function setInputEnabled(on) {
  ui.line.disabled = !on;
  ui.send.disabled = !on;
  if (on && !matchMedia('(max-width: 640px)').matches) ui.line.focus();
}

function showClaim(errorText, name) {
  ui.claim.hidden = false;
  ui.claimError.textContent = errorText;
  ui.name.value = name || window.localStorage.getItem('parley.lastName') || '';
  ui.name.focus();
}

function forget() {
  state.wanted = null;
  state.token = null;
  state.rejoin = false;
  state.lastIds = {};
  for (const key of ['parley.name', 'parley.token', 'parley.room', 'parley.last']) store.removeItem(key);
  ui.me.textContent = '';
  ui.leave.hidden = true;
  state.people.clear();
  renderPeople();
}

function titleText() {
  return (state.unread ? `(${state.unread}) ` : '') + (state.current ? `#${state.current} · ` : '') + 'Parley';
}

function countUnread() {
  if (!document.hidden) return;
  state.unread++;
  document.title = titleText();
}

ui.say.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = ui.line.value;
  if (text.trim() && submit(text)) ui.line.value = '';
});

ui.claimForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const name = ui.name.value.trim();
  if (!NAME_SHAPE.test(name)) {
    ui.claimError.textContent = 'A name is 1 to 32 letters, digits, _ - or .';
    return;
  }
  ui.claimError.textContent = '';
  if (state.wanted === null || nameKey(name) !== nameKey(state.wanted)) state.token = null;
  state.wanted = name;
  state.attempt = 0;
  if (!state.ws) connect();
  else if (state.tagsKnown && !state.claiming) claim(name);
});

ui.join.addEventListener('submit', (event) => {
  event.preventDefault();
  const room = ui.joinRoom.value.trim();
  if (room && state.name) {
    sendRaw('/join ' + room);
    ui.joinRoom.value = '';
    document.body.classList.remove('side-open');
  }
});

ui.rooms.addEventListener('click', (event) => {
  const b = event.target.closest('button[data-room]');
  if (b && state.name && !sameRoom(b.dataset.room)) sendRaw('/join ' + b.dataset.room);
  document.body.classList.remove('side-open');
});

// A click on any name starts a private message to it.
document.addEventListener('click', (event) => {
  const nick = event.target.closest('.nick');
  if (!nick || !state.name || nameKey(nick.dataset.name) === nameKey(state.name)) return;
  ui.line.value = `/msg ${nick.dataset.name} `;
  ui.line.focus();
  document.body.classList.remove('side-open');
});

ui.leave.addEventListener('click', () => submit('/quit'));

ui.toggle.addEventListener('click', () => {
  const open = document.body.classList.toggle('side-open');
  ui.toggle.setAttribute('aria-expanded', String(open));
});

ui.takeBack.addEventListener('click', () => {
  ui.replaced.hidden = true;
  state.replaced = false;
  state.attempt = 0;
  connect();
});

ui.log.addEventListener('scroll', () => {
  if (ui.log.scrollTop < 60) loadOlder();
});

document.addEventListener('visibilitychange', () => {
  if (!document.hidden) {
    state.unread = 0;
    document.title = titleText();
    if (state.retryTimer && !state.ws && state.wanted && !state.replaced) connect(); // back: retry now
  }
});

// Leaving the page (also into the back/forward cache) ends the session cleanly; coming back from
// the cache joins again.
window.addEventListener('pagehide', () => {
  const ws = state.ws;
  if (!ws) return;
  state.ws = null;
  state.name = null;
  state.rejoin = true;
  clearInterval(state.refreshTimer);
  setInputEnabled(false);
  ws.close(1000, 'page closed');
});

window.addEventListener('pageshow', (event) => {
  if (event.persisted && !state.ws && state.wanted && !state.replaced) connect();
});

window.addEventListener('online', () => {
  if (!state.ws && state.wanted && !state.replaced) connect();
});

if (state.wanted) connect();
else showClaim('');
