// The arena page: draws the match the server runs, sends the keys held, and chats.
// Protocol and routes: gamebus.js and io.gamebus.games.arena.Arena.
import { connect } from './gamebus.js';

const $ = id => document.getElementById(id);
const canvas = $('field');
const g = canvas.getContext('2d');
const NAME_KEY = 'gamebus.arena.name';

const USER_KEY = 'gamebus.arena.user';

/**
 * The player's token, when the server has authentication on: ?token=... in the page's address,
 * else one from the development-only token issuer (auth.devTokens) if the server has it on.
 * Without either, hello goes without a token (fine when auth is off).
 */
async function token() {
  const given = new URLSearchParams(location.search).get('token');
  if (given) return given;
  let user = localStorage.getItem(USER_KEY);
  if (!user) {
    user = `player-${Math.random().toString(36).slice(2, 10)}`;
    localStorage.setItem(USER_KEY, user);
  }
  const answer = await fetch(`/dev/token?user=${encodeURIComponent(user)}`).catch(() => null);
  return answer && answer.ok ? (await answer.json()).token : undefined;
}

// '/ws' on this host: wss:// when the page came over https.
const client = connect('/ws', { game: 'arena', heartbeatSeconds: 5, token });

/** What the page knows of the match: the last state plus the deltas since. */
const world = {
  you: null, tick: -1, tickMs: 50, width: 800, height: 600, avatarRadius: 14, itemRadius: 10,
  itemPoints: 1, theme: { name: '', background: '#10162a', grid: '#1e2742', itemShape: 'coin', itemColour: '#f5c542' },
  players: new Map(), // id -> {name, hue, score, x, y (target), fromX, fromY, t0}
  items: new Map(),   // id -> {x, y}
};
let boardDirty = true;
let resyncing = false;
window.arena = { client, world }; // for the console and browser tests

// --- match state -------------------------------------------------------------------------

function avatar(p, now) {
  return { name: p.name, hue: p.hue, score: p.score, x: p.x, y: p.y, fromX: p.x, fromY: p.y, t0: now };
}

/** Where an avatar is drawn now: sliding from its last drawn place to the latest one over a tick. */
function position(p, now) {
  const a = Math.min(1, Math.max(0, (now - p.t0) / world.tickMs));
  return [p.fromX + (p.x - p.fromX) * a, p.fromY + (p.y - p.fromY) * a];
}

function applyState(s) {
  const now = performance.now();
  const previousTheme = world.theme.name;
  Object.assign(world, {
    you: s.you, tick: s.tick, tickMs: s.tickMs, width: s.width, height: s.height,
    avatarRadius: s.avatarRadius, itemRadius: s.itemRadius, itemPoints: s.itemPoints, theme: s.theme,
    players: new Map(Object.entries(s.players).map(([id, p]) => [id, avatar(p, now)])),
    items: new Map(Object.entries(s.items)),
  });
  sizeCanvas();
  $('theme').textContent = `${s.theme.name} (${s.theme.itemShape}s × ${s.itemPoints})`;
  if (previousTheme && previousTheme !== s.theme.name) system(`The arena changed: ${s.theme.name} theme, ${s.theme.itemShape}s worth ${s.itemPoints}`);
  const me = world.players.get(world.you);
  if (me && document.activeElement !== $('name-input')) $('name-input').value = me.name;
  boardDirty = true;
  sendInput(true); // the server may hold a stale steering (resume, crash recovery)
}

function applyDelta(d) {
  if (world.you === null) return resync(); // changes, but no state to apply them to: ask for it
  if (d.tick <= world.tick) return;
  if (d.since > world.tick) return resync(); // missed a delta
  const now = performance.now();
  for (const [id, change] of Object.entries(d.players || {})) {
    const p = world.players.get(id);
    if (!p) {
      if (change.name === undefined) return resync();
      world.players.set(id, avatar(change, now));
      boardDirty = true;
      continue;
    }
    if (change.x !== undefined) {
      [p.fromX, p.fromY] = position(p, now);
      p.x = change.x;
      p.y = change.y;
      p.t0 = now;
    }
    if (change.score !== undefined || change.name !== undefined) boardDirty = true;
    if (change.score !== undefined) p.score = change.score;
    if (change.name !== undefined) p.name = change.name;
    if (change.hue !== undefined) p.hue = change.hue;
  }
  for (const [id, item] of Object.entries(d.items || {})) world.items.set(id, item);
  for (const id of d.gone || []) {
    const p = world.players.get(id);
    if (p) system(`${p.name} left`);
    world.players.delete(id);
    boardDirty = true;
  }
  world.tick = d.tick;
}

function resync() {
  if (resyncing) return;
  resyncing = true;
  client.request('state').then(applyState, () => {}).finally(() => { resyncing = false; });
}

client.on('state', applyState);
client.on('delta', applyDelta);
client.on('chat', m => say(m.name, m.text, m.id === world.you));

// --- connection status ---------------------------------------------------------------------

function showWhere(info) {
  $('version').textContent = info.version ?? '–';
  $('instance').textContent = info.instance ?? '–';
  $('node').textContent = info.node ?? '?';
}

function showConnection(state, text) {
  $('conn').dataset.state = state;
  $('conn').textContent = text;
}

client.addEventListener('welcome', ({ detail }) => {
  showWhere(detail);
  showConnection('connected', detail.resumed ? 'connected (resumed)' : 'connected');
  if (detail.resumed) {
    resync(); // pushes may have been dropped while away
  } else {
    world.tick = -1;
    const name = localStorage.getItem(NAME_KEY);
    if (name) client.request('name', { name }).catch(() => {});
  }
});
/** Why the session moved, as a player would want to hear it (the reasons of the protocol's moved). */
const MOVED = {
  hotswap: d => `Version ${d.version} of the game is here (instance ${d.instance}).`,
  crash: d => `Instance ${d.instance} was restarted; play goes on from its last snapshot.`,
  rebalance: d => `Moved to instance ${d.instance} to balance the load.`,
  node_lost: d => `Node lost: moved to instance ${d.instance} on node ${d.node ?? '?'}.`,
  shutdown: d => `Node shutting down: moved to instance ${d.instance} on node ${d.node ?? '?'}.`,
};
client.addEventListener('moved', ({ detail }) => {
  showWhere(client.welcome);
  const say = MOVED[detail.reason];
  system(say ? say(detail) : `Moved to instance ${detail.instance} (version ${detail.version}, ${detail.reason})`);
});
client.addEventListener('disconnect', ({ detail }) => {
  if (detail.reconnecting) {
    showConnection('reconnecting', `reconnecting in ${(detail.delayMs / 1000).toFixed(1)} s…`);
  } else {
    showConnection('closed', 'disconnected');
  }
});
client.addEventListener('closing', ({ detail }) => system(`Server closing the connection: ${detail.reason}`));
client.addEventListener('error', ({ detail }) => system(`Error ${detail.code}: ${detail.message ?? ''}`));
client.addEventListener('pong', ({ detail }) => { $('rtt').textContent = `${detail.rtt} ms`; });
client.ready.catch(e => showConnection('closed', `refused: ${e.code}`));

addEventListener('pagehide', () => client.close()); // leave at once instead of lingering
addEventListener('pageshow', e => { if (e.persisted) location.reload(); });

// --- input -----------------------------------------------------------------------------------

const KEYS = {
  ArrowUp: 'up', KeyW: 'up', ArrowDown: 'down', KeyS: 'down',
  ArrowLeft: 'left', KeyA: 'left', ArrowRight: 'right', KeyD: 'right',
};
const held = new Set();
let pointer = null; // {x, y} on the field while a mouse button or a finger is held down on it
let lastInput = '';

/**
 * Where the player wants to go: towards the pointer while it is held on the field (slowing down
 * near it, so the avatar stops there), else as the keys held say.
 */
function currentInput() {
  const me = world.players.get(world.you);
  if (pointer && me) {
    const [x, y] = position(me, performance.now());
    const distance = Math.hypot(pointer.x - x, pointer.y - y);
    // 32 headings and quarter speeds: a new input when one of those changes, not on every pixel.
    const speed = Math.min(1, Math.round((distance / (2 * world.avatarRadius)) * 4) / 4);
    if (speed === 0) return { dx: 0, dy: 0 };
    const step = Math.PI / 16;
    const heading = Math.round(Math.atan2(pointer.y - y, pointer.x - x) / step) * step;
    return { dx: +(speed * Math.cos(heading)).toFixed(3), dy: +(speed * Math.sin(heading)).toFixed(3) };
  }
  return { up: held.has('up'), down: held.has('down'), left: held.has('left'), right: held.has('right') };
}

/** Sends the input when it differs from the last one sent (or always, if forced). */
function sendInput(force = false) {
  const input = currentInput();
  const key = JSON.stringify(input);
  if ((force || key !== lastInput) && client.send('input', input)) lastInput = key;
}

function onKey(event, down) {
  if (event.key === 'Escape' && down && event.target instanceof HTMLInputElement) {
    canvas.focus(); // back to playing
    return;
  }
  const direction = KEYS[event.code];
  if (!direction || event.target instanceof HTMLInputElement || event.ctrlKey || event.metaKey || event.altKey) return;
  event.preventDefault();
  if (down) held.add(direction); else held.delete(direction);
  sendInput();
}

/** The pointer's place in field coordinates, whatever size the canvas is shown at. */
function fieldPoint(event) {
  const box = canvas.getBoundingClientRect();
  return { x: ((event.clientX - box.left) * world.width) / box.width,
           y: ((event.clientY - box.top) * world.height) / box.height };
}

canvas.addEventListener('pointerdown', event => {
  if (event.button !== 0) return;
  event.preventDefault();
  canvas.focus();
  canvas.setPointerCapture(event.pointerId);
  pointer = fieldPoint(event);
  sendInput();
});
canvas.addEventListener('pointermove', event => { if (pointer) pointer = fieldPoint(event); });
for (const type of ['pointerup', 'pointercancel', 'lostpointercapture']) {
  canvas.addEventListener(type, () => {
    if (!pointer) return;
    pointer = null;
    sendInput();
  });
}
addEventListener('keydown', e => onKey(e, true));
addEventListener('keyup', e => onKey(e, false));
addEventListener('blur', () => { held.clear(); pointer = null; sendInput(); });

$('chat-form').addEventListener('submit', event => {
  event.preventDefault();
  const text = $('chat-input').value.trim();
  if (!text) return;
  client.request('chat', { text }).then(() => { $('chat-input').value = ''; },
    e => system(`Chat not sent: ${e.message}`));
});

$('name-form').addEventListener('submit', event => {
  event.preventDefault();
  client.request('name', { name: $('name-input').value }).then(reply => {
    localStorage.setItem(NAME_KEY, reply.name);
    $('name-input').value = reply.name;
    canvas.focus();
  }, e => system(`Name not changed: ${e.message}`));
});

// --- chat log and score board ---------------------------------------------------------------

function logLine(build) {
  const log = $('chat-log');
  const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
  const li = document.createElement('li');
  build(li);
  log.append(li);
  while (log.children.length > 100) log.firstElementChild.remove();
  if (atBottom) log.scrollTop = log.scrollHeight;
}

function say(name, text, mine) {
  logLine(li => {
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = `${name}${mine ? ' (you)' : ''}:`;
    li.append(who, document.createTextNode(text));
  });
}

function system(text) {
  logLine(li => { li.className = 'system'; li.textContent = text; });
}

function renderBoard() {
  boardDirty = false;
  const rows = [...world.players.entries()].sort(([, a], [, b]) => b.score - a.score || a.name.localeCompare(b.name));
  $('scores').replaceChildren(...rows.map(([id, p]) => {
    const li = document.createElement('li');
    li.dataset.id = id;
    li.classList.toggle('me', id === world.you);
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = `hsl(${p.hue} 70% 55%)`;
    const score = document.createElement('span');
    score.className = 'score';
    score.textContent = p.score;
    li.append(swatch, document.createTextNode(p.name), score);
    return li;
  }));
}

// --- drawing ---------------------------------------------------------------------------------

function sizeCanvas() {
  const ratio = window.devicePixelRatio || 1;
  if (canvas.width !== world.width * ratio || canvas.height !== world.height * ratio) {
    canvas.width = world.width * ratio;
    canvas.height = world.height * ratio;
    canvas.style.aspectRatio = `${world.width} / ${world.height}`;
  }
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
}

function drawItem(item, now) {
  const r = world.itemRadius;
  g.fillStyle = world.theme.itemColour;
  g.beginPath();
  if (world.theme.itemShape === 'star') {
    const spin = now / 1500;
    for (let i = 0; i < 10; i++) {
      const angle = spin - Math.PI / 2 + (i * Math.PI) / 5;
      const reach = i % 2 ? r * 0.45 : r * 1.25;
      g.lineTo(item.x + reach * Math.cos(angle), item.y + reach * Math.sin(angle));
    }
    g.closePath();
    g.fill();
  } else {
    g.arc(item.x, item.y, r * (1 + 0.08 * Math.sin(now / 250)), 0, 2 * Math.PI);
    g.fill();
    g.strokeStyle = 'rgba(0,0,0,.35)';
    g.lineWidth = 2;
    g.beginPath();
    g.arc(item.x, item.y, r * 0.55, 0, 2 * Math.PI);
    g.stroke();
  }
}

function drawAvatar(id, p, now) {
  const [x, y] = position(p, now);
  const r = world.avatarRadius;
  g.fillStyle = `hsl(${p.hue} 70% 55%)`;
  g.beginPath();
  g.arc(x, y, r, 0, 2 * Math.PI);
  g.fill();
  if (id === world.you) {
    g.strokeStyle = '#fff';
    g.lineWidth = 3;
    g.stroke();
  }
  g.fillStyle = '#e8ecf6';
  g.font = '12px system-ui, sans-serif';
  g.textAlign = 'center';
  g.fillText(`${p.name} · ${p.score}`, x, y - r - 6);
}

function draw(now) {
  const { width, height, theme } = world;
  g.fillStyle = theme.background;
  g.fillRect(0, 0, width, height);
  g.strokeStyle = theme.grid;
  g.lineWidth = 1;
  g.beginPath();
  for (let x = 50; x < width; x += 50) { g.moveTo(x + 0.5, 0); g.lineTo(x + 0.5, height); }
  for (let y = 50; y < height; y += 50) { g.moveTo(0, y + 0.5); g.lineTo(width, y + 0.5); }
  g.stroke();
  for (const item of world.items.values()) drawItem(item, now);
  for (const [id, p] of world.players) if (id !== world.you) drawAvatar(id, p, now);
  const me = world.players.get(world.you);
  if (me) drawAvatar(world.you, me, now);
  if (!client.connected) {
    g.fillStyle = 'rgba(5,6,12,.6)';
    g.fillRect(0, 0, width, height);
    g.fillStyle = '#fff';
    g.font = '24px system-ui, sans-serif';
    g.textAlign = 'center';
    g.fillText($('conn').textContent, width / 2, height / 2);
  }
}

function frame(now) {
  sizeCanvas(); // the device pixel ratio changes with the zoom level or the screen
  if (pointer) sendInput(); // the heading to a held pointer changes as the avatar moves
  draw(now);
  if (boardDirty) renderBoard();
  requestAnimationFrame(frame);
}

sizeCanvas();
canvas.focus();
requestAnimationFrame(frame);
