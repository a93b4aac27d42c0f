// The operator dashboard: a live view of the cluster from this node's admin API, and the
// two actions an operator takes while players play (restart an instance, retire a version).
// Every /admin call carries the token, asked once and kept in this tab's sessionStorage.
// Nothing here renders HTML from the server: every text goes through textContent.

const $ = id => document.getElementById(id);
const TOKEN_KEY = 'gamebus.admin.token';
const POLL_MS = 1000;
const STALE_MS = 3500;
const SPARK_SAMPLES = 60;

let token = sessionStorage.getItem(TOKEN_KEY);
let pollTimer = null;
let polling = false;
let lastGood = 0;
let traffic = null;         // the last /metrics sample: {at, in, out}
const rates = [];           // messages in per second, the last SPARK_SAMPLES polls
const confirming = new Map(); // "game version" -> timer, while a retire waits for its confirm click

window.dashboard = { poll: () => poll() }; // for the console and browser tests

// --- talking to the admin API ---------------------------------------------------------------

/** A refused token: the page asks for it again. */
class Unauthorized extends Error {}

/** An /admin call with the token; resolves with the JSON body, rejects with its error text. */
async function admin(method, path) {
  if (!token) throw new Unauthorized('no token');
  const response = await fetch(path, {
    method, cache: 'no-store', headers: { Authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(method === 'GET' ? 5000 : 30000), // a restart may take a while
  });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401) throw new Unauthorized(body.error || 'token refused');
  if (!response.ok) throw new Error(`${response.status}: ${body.error || response.statusText}`);
  return body;
}

/** This node's message counters from /metrics (no token needed there). */
async function sampleTraffic() {
  const text = await (await fetch('/metrics', { cache: 'no-store', signal: AbortSignal.timeout(5000) })).text();
  const read = name => {
    const line = text.match(new RegExp(`^${name}(?:\\{[^}]*\\})? ([-+0-9.eE]+|NaN)$`, 'm'));
    return line ? Number(line[1]) : NaN;
  };
  return { at: performance.now(), in: read('gamebus_messages_in_total'), out: read('gamebus_messages_out_total'),
           connections: read('gamebus_connections') };
}

// --- the token ------------------------------------------------------------------------------

/** Shows the token form, with why it is asked (or the form's own explanation). */
function askToken(why, isError = false) {
  stopPolling();
  $('board').hidden = true;
  $('forget').hidden = true;
  $('token-form').hidden = false;
  if (why) $('token-why').textContent = why;
  $('token-why').dataset.kind = isError ? 'error' : 'info';
  setLive('locked', 'token needed');
  $('token-input').value = '';
  $('token-input').focus();
}

$('token-form').addEventListener('submit', event => {
  event.preventDefault();
  token = $('token-input').value.trim();
  if (!token) return;
  sessionStorage.setItem(TOKEN_KEY, token);
  $('token-form').hidden = true;
  $('forget').hidden = false;
  setLive('idle', 'connecting…');
  startPolling();
});

$('forget').addEventListener('click', () => {
  token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  askToken('Token forgotten. Enter it again to see the cluster.');
});

function refused(e) {
  token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  askToken(`The admin API refused the token (${e.message}). Enter it again.`, true);
}

// --- polling --------------------------------------------------------------------------------

function startPolling() {
  stopPolling();
  poll();
}

function stopPolling() {
  clearTimeout(pollTimer);
  pollTimer = null;
}

async function poll() {
  if (polling) return;
  polling = true;
  clearTimeout(pollTimer);
  try {
    const [cluster, games, metrics] = await Promise.allSettled(
      [admin('GET', '/admin/cluster'), admin('GET', '/admin/games'), sampleTraffic()]);
    const denied = [cluster, games].find(r => r.status === 'rejected' && r.reason instanceof Unauthorized);
    if (denied) return refused(denied.reason);
    if (metrics.status === 'fulfilled') showTraffic(metrics.value);
    if (cluster.status === 'fulfilled' && games.status === 'fulfilled') {
      lastGood = performance.now();
      $('board').hidden = false;
      $('forget').hidden = false;
      render(cluster.value, games.value);
      setLive('live', 'live');
    } else {
      const reason = (cluster.reason || games.reason);
      setLive(performance.now() - lastGood > STALE_MS ? 'down' : 'stale',
              `admin API unreachable (${reason.message}); retrying`);
    }
  } finally {
    polling = false;
    if (token) pollTimer = setTimeout(poll, document.hidden ? 5 * POLL_MS : POLL_MS);
  }
}

document.addEventListener('visibilitychange', () => { if (!document.hidden && token) poll(); });

function setLive(state, text) {
  $('live').dataset.state = state;
  $('live').textContent = text;
}

function showTraffic(sample) {
  $('connections').textContent = Number.isNaN(sample.connections) ? '–' : sample.connections;
  if (traffic && sample.at > traffic.at) {
    const seconds = (sample.at - traffic.at) / 1000;
    const rateIn = Math.max(0, (sample.in - traffic.in) / seconds);
    const rateOut = Math.max(0, (sample.out - traffic.out) / seconds);
    $('rate-in').textContent = Number.isFinite(rateIn) ? rateIn.toFixed(rateIn < 10 ? 1 : 0) : '–';
    $('rate-out').textContent = Number.isFinite(rateOut) ? rateOut.toFixed(rateOut < 10 ? 1 : 0) : '–';
    if (Number.isFinite(rateIn)) {
      rates.push(rateIn);
      if (rates.length > SPARK_SAMPLES) rates.shift();
      const top = Math.max(1, ...rates);
      $('spark').firstElementChild.setAttribute('points', rates
        .map((r, i) => `${i + SPARK_SAMPLES - rates.length},${(16 - (r / top) * 15).toFixed(1)}`).join(' '));
    }
  }
  traffic = sample;
}

// --- rendering ------------------------------------------------------------------------------

/** Element helper: el('td', {className: 'x'}, 'text', child...). */
function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/**
 * Makes parent's children match items, keyed by data-key: existing elements are updated in
 * place (a button being clicked is never swapped out under the pointer), new ones created,
 * gone ones removed, order kept.
 */
function reconcile(parent, items, keyOf, create, update) {
  const existing = new Map([...parent.children].filter(c => c.dataset.key !== undefined)
    .map(c => [c.dataset.key, c]));
  let previous = null;
  for (const item of items) {
    const key = keyOf(item);
    let node = existing.get(key);
    if (node) {
      existing.delete(key);
    } else {
      node = create(item, key);
      node.dataset.key = key;
    }
    update(node, item);
    const expected = previous ? previous.nextElementSibling : parent.firstElementChild;
    if (node !== expected) parent.insertBefore(node, expected);
    previous = node;
  }
  for (const stale of existing.values()) stale.remove();
}

function setText(node, text) {
  const value = String(text);
  if (node.textContent !== value) node.textContent = value;
}

function render(cluster, games) {
  const self = cluster.nodes.find(n => n.self);
  setText($('self'), self ? self.id : '–');
  const instances = cluster.nodes.flatMap(n => n.instances);
  const sessions = instances.reduce((sum, i) => sum + i.sessions, 0);
  $('totals').replaceChildren(
    el('b', {}, String(cluster.nodes.length)), cluster.nodes.length === 1 ? ' node · ' : ' nodes · ',
    el('b', {}, String(instances.length)), instances.length === 1 ? ' instance · ' : ' instances · ',
    el('b', {}, String(sessions)), sessions === 1 ? ' session' : ' sessions');
  reconcile($('nodes'), cluster.nodes, n => n.id, createNode, updateNode);
  reconcile($('games'), games.games, g => g.name, createGame, updateGame);
  if (games.games.length === 0 && !$('games').querySelector('.empty')) {
    $('games').append(el('p', { className: 'empty' }, 'No game is running.'));
  }
}

function createNode(node) {
  const li = el('li', {},
    el('div', {}, el('span', { className: 'name' }), el('span', { className: 'self' })),
    el('div', { className: 'roles' }),
    el('div', { className: 'facts' }));
  li.dataset.node = node.id;
  return li;
}

function updateNode(li, node) {
  setText(li.querySelector('.name'), node.id);
  setText(li.querySelector('.self'), node.self ? '(this node)' : '');
  const roles = li.querySelector('.roles');
  if (roles.dataset.roles !== node.roles.join(',')) {
    roles.dataset.roles = node.roles.join(',');
    roles.replaceChildren(...node.roles.map(r => el('span', { className: 'chip' }, r)));
  }
  const active = node.instances.filter(i => i.state === 'active').length;
  const sessions = node.instances.reduce((sum, i) => sum + i.sessions, 0);
  const capacity = node.instances.filter(i => i.state === 'active').reduce((sum, i) => sum + i.capacity, 0);
  setText(li.querySelector('.facts'), node.roles.includes('games')
    ? `${node.instances.length} instances (${active} active) · ${sessions} / ${capacity} sessions`
    : 'gateway only: no instances');
}

function createGame(game) {
  const article = el('article', { className: 'game' },
    el('h3', {}, el('span', { className: 'name' }), el('small', { className: 'summary' })),
    el('div', { className: 'versions' }));
  article.dataset.game = game.name;
  return article;
}

function updateGame(article, game) {
  setText(article.querySelector('.name'), game.name);
  const sessions = game.versions.flatMap(v => v.instances).reduce((sum, i) => sum + i.sessions, 0);
  setText(article.querySelector('.summary'),
    `current ${game.current ?? 'none'} · ${sessions} ${sessions === 1 ? 'session' : 'sessions'}`);
  const activeVersions = game.versions.filter(v => v.instances.some(i => i.state === 'active')).length;
  // Newest first: the current version on top, the ones being retired below it.
  const versions = [...game.versions].reverse().map(v => ({ ...v, game: game.name, current: game.current, activeVersions }));
  reconcile(article.querySelector('.versions'), versions, v => v.version, createVersion, updateVersion);
}

function createVersion(version) {
  const retire = el('button', { type: 'button', className: 'retire danger' }, 'Retire');
  retire.addEventListener('click', () => retireClicked(retire));
  const div = el('div', { className: 'version' },
    el('div', { className: 'version-head' },
      el('span', { className: 'label' }), el('span', { className: 'chip badge' }), retire),
    el('table', {},
      el('thead', {}, el('tr', {}, ...['Instance', 'Node', 'State', 'Sessions', 'Restarts', '']
        .map(h => el('th', {}, h)))),
      el('tbody')));
  div.dataset.version = version.version;
  return div;
}

function updateVersion(div, version) {
  const key = `${version.game} ${version.version}`;
  setText(div.querySelector('.label'), `version ${version.version}`);
  const active = version.instances.some(i => i.state === 'active');
  const badge = div.querySelector('.badge');
  const current = version.version === version.current;
  setText(badge, current ? 'current' : active ? 'active' : 'draining');
  badge.classList.toggle('current', current);
  const retire = div.querySelector('.retire');
  retire.dataset.game = version.game;
  retire.dataset.version = version.version;
  const only = active && version.activeVersions < 2;
  if (!retire.classList.contains('busy')) {
    retire.disabled = only;
    retire.title = only ? 'The only active version of this game: deploy another version first'
      : active ? 'Move its players to the newest other version and stop it'
        : 'Move its remaining players now instead of waiting for the drain';
    const confirmingNow = confirming.has(key);
    retire.classList.toggle('confirm', confirmingNow);
    setText(retire, confirmingNow ? `Confirm: retire ${version.version}` : 'Retire');
  }
  reconcile(div.querySelector('tbody'), version.instances, i => i.id, createInstance, updateInstance);
}

function createInstance(instance) {
  const restart = el('button', { type: 'button', className: 'restart' }, 'Restart');
  restart.addEventListener('click', () => restartClicked(restart));
  const tr = el('tr', {},
    el('td', { className: 'id' }), el('td', { className: 'node' }), el('td', { className: 'state' }),
    el('td', { className: 'sessions' }, el('span', { className: 'load' }, el('i')), el('span', { className: 'count' })),
    el('td', { className: 'restarts' }), el('td', { className: 'actions' }, restart));
  tr.dataset.instance = instance.id;
  return tr;
}

function updateInstance(tr, instance) {
  tr.dataset.state = instance.state;
  setText(tr.querySelector('.id'), instance.id);
  setText(tr.querySelector('.node'), instance.node);
  setText(tr.querySelector('.state'), instance.state);
  const share = instance.capacity > 0 ? instance.sessions / instance.capacity : 0;
  const load = tr.querySelector('.load');
  load.firstElementChild.style.width = `${Math.min(100, share * 100).toFixed(1)}%`;
  load.classList.toggle('high', share >= 0.75 && share < 1);
  load.classList.toggle('full', share >= 1);
  setText(tr.querySelector('.count'), `${instance.sessions} / ${instance.capacity}`);
  const restarts = tr.querySelector('.restarts');
  setText(restarts, instance.restarts);
  restarts.classList.toggle('some', instance.restarts > 0);
  const button = tr.querySelector('.restart');
  button.dataset.instance = instance.id;
  if (!button.classList.contains('busy')) button.disabled = instance.state !== 'active';
}

// --- actions --------------------------------------------------------------------------------

function feedback(kind, text) {
  $('feedback').dataset.kind = kind;
  $('feedback-text').textContent = text;
  $('feedback').hidden = false;
  clearTimeout(feedback.timer);
  if (kind === 'ok') feedback.timer = setTimeout(() => { $('feedback').hidden = true; }, 8000);
}
$('feedback-close').addEventListener('click', () => { $('feedback').hidden = true; });

/** Runs an action with its button disabled, reports the outcome, then refreshes the view. */
async function act(button, busyText, action, describe) {
  button.classList.add('busy');
  button.disabled = true;
  const label = button.textContent;
  button.textContent = busyText;
  try {
    feedback('ok', describe(await action()));
  } catch (e) {
    if (e instanceof Unauthorized) return refused(e);
    feedback('error', `${busyText.replace('…', '')} failed: ${e.message}`);
  } finally {
    button.classList.remove('busy');
    button.textContent = label;
    button.disabled = false;
    if (token) poll();
  }
}

function restartClicked(button) {
  const id = button.dataset.instance;
  act(button, `Restarting ${id}…`, () => admin('POST', `/admin/instances/${encodeURIComponent(id)}/restart`),
    i => `Restarted ${i.id} (${i.game} ${i.version} on ${i.node}): ${i.restarts} ${i.restarts === 1 ? 'restart' : 'restarts'}, `
      + `${i.sessions} ${i.sessions === 1 ? 'player' : 'players'} moved to the fresh instance.`);
}

function retireClicked(button) {
  const { game, version } = button.dataset;
  const key = `${game} ${version}`;
  if (!confirming.has(key)) {
    // Retiring moves every player of the version: one more click to be sure.
    confirming.set(key, setTimeout(() => { confirming.delete(key); if (token) poll(); }, 5000));
    button.classList.add('confirm');
    button.textContent = `Confirm: retire ${version}`;
    return;
  }
  clearTimeout(confirming.get(key));
  confirming.delete(key);
  button.classList.remove('confirm');
  act(button, `Retiring ${game} ${version}…`,
    () => admin('DELETE', `/admin/games/${encodeURIComponent(game)}/versions/${encodeURIComponent(version)}`),
    r => `Retired ${r.game} ${r.version}: its players move to the newest other version.`);
}

// --- start ----------------------------------------------------------------------------------

if (token) {
  $('forget').hidden = false;
  setLive('idle', 'connecting…');
  startPolling();
} else {
  askToken(); // the form's own text says where the token comes from
}
