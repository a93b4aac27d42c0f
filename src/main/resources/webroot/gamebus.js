/**
 * gamebus.js: the browser client for gamebus, one dependency-free ES module.
 *
 *   import { connect } from './gamebus.js';
 *
 *   const game = connect('/ws', { game: 'arena', token: () => myLogin.freshToken() });
 *   game.on('state', body => draw(body));                  // pushes, by route
 *   game.addEventListener('moved', e => console.log('now on', e.detail.instance));
 *   const welcome = await game.ready;                      // first session opened
 *   const reply = await game.request('chat', { text: 'hi' }); // msg with id -> reply body
 *   game.send('input', { left: true });                    // msg without id, no answer
 *
 * connect(url, options) returns a GamebusClient at once and connects in the background, so
 * listeners added in the same task see every event. url is a ws:// or wss:// URL, or a path
 * ('/ws', the default) on the page's own host: wss:// when the page came over https.
 * Options (all optional but game):
 *   game              the game to join (default: the server's gateway.defaultGame)
 *   token             the player's JWT for hello (needed when the server has auth on): a
 *                     string, or a function returning one or a Promise of one, called before
 *                     every hello, so a reconnect (e.g. after closing token_expired) gets a
 *                     fresh token
 *   resume            a resume token from an earlier welcome, to take a session back
 *   heartbeatSeconds  ping interval, default 10 (the first ping right after each welcome);
 *                     no pong within the next interval = dead link
 *   minDelayMs        first reconnect delay, default 250; doubles per failed try...
 *   maxDelayMs        ...up to this, default 10000 (plus up to 20% random spread)
 *   requestTimeoutMs  client-side limit for request(), default 15000 (the server's own
 *                     gateway.requestTimeoutMs normally answers first with error timeout)
 *   WebSocket         the WebSocket class to use (default globalThis.WebSocket; for Node)
 *
 * GamebusClient:
 *   ready                  Promise of the first welcome; rejects on a refused hello
 *                          (no_game, unauthorized, bad_request) or close() before it
 *   request(route, body)   Promise of the reply body; rejects with a GamebusError whose code
 *                          is the server's error code, or 'disconnected' (not connected, or
 *                          the connection dropped before the reply) or 'timeout'
 *   send(route, body)      fire and forget; returns false (and drops it) when not connected
 *   on(route, handler)     handler(body, message) for each push of that route; returns a
 *                          function that removes it (also: off(route, handler))
 *   close()                says bye, closes, and stops reconnecting
 *   connected, session, welcome (the last welcome, updated by moved), rtt (ms, last pong)
 *
 * Events (EventTarget; the payload is event.detail):
 *   welcome     the welcome message: {session, resume, game, version, instance, node, resumed}
 *   moved       {instance, version, node, reason}: the session moved (reason hotswap, crash,
 *               rebalance, node_lost or shutdown); the connection stays open
 *   closing     {reason}: the server is about to close this connection (reconnect follows;
 *               call close() in a listener to stay away)
 *   error       an error message {code, message, id?} not tied to a pending request, or a
 *               refused hello
 *   disconnect  {code, reason, reconnecting, delayMs, attempt}: the link dropped
 *   pong        {rtt}
 *
 * A connection closed with reason 'replaced' (the same user signed in elsewhere) is not
 * reconnected: the client stops, as after close().
 *
 * Reconnect: when the link drops (or misses a heartbeat) pending requests are rejected
 * with 'disconnected', and the client reconnects after minDelayMs, doubling up to maxDelayMs.
 * It then sends hello with the last welcome's resume token; the server gives back the same
 * session (welcome.resumed true) and delivers pushes it kept meanwhile. If the token is
 * unknown or expired (error bad_resume) it sends a plain hello and gets a new session
 * (resumed false): a game should then treat the player as new. full and unavailable are
 * retried the same way; no_game, unauthorized and bad_request stop the client.
 */

/** A failed request: code is the server's error code, or 'disconnected' / 'timeout'. */
export class GamebusError extends Error {
  constructor(code, message) {
    super(message || code);
    this.name = 'GamebusError';
    this.code = code;
  }
}

/** The events of a GamebusClient; the message or payload is in detail. */
export class GamebusEvent extends Event {
  constructor(type, detail) {
    super(type);
    this.detail = detail;
  }
}

const FATAL = new Set(['no_game', 'unauthorized', 'bad_request']);

/** Opens a client to a gamebus WebSocket endpoint; see the header of this file. */
export function connect(url = '/ws', options = {}) {
  return new GamebusClient(url, options);
}

/** A path on the page's own host as a WebSocket URL: wss:// under https, so browsers allow it. */
function onThisHost(path) {
  return `${globalThis.location?.protocol === 'https:' ? 'wss' : 'ws'}://${globalThis.location?.host}${path}`;
}

export class GamebusClient extends EventTarget {
  #url; #options; #ws = null; #nextId = 1; #helloId = 0; #resume; #attempt = 0;
  #stopped = false; #welcomed = false; #pending = new Map(); #routes = new Map();
  #heartbeat = null; #ping = null; #retry = null; #ready = {};

  constructor(url, options = {}) {
    super();
    this.#url = url.startsWith('/') ? onThisHost(url) : url;
    this.#options = { heartbeatSeconds: 10, minDelayMs: 250, maxDelayMs: 10000,
                      requestTimeoutMs: 15000, WebSocket: globalThis.WebSocket, ...options };
    this.#resume = options.resume;
    this.welcome = null;
    this.rtt = null;
    this.ready = new Promise((resolve, reject) => { this.#ready = { resolve, reject }; });
    this.ready.catch(() => {}); // no unhandled rejection if nobody awaits it
    queueMicrotask(() => this.#open());
  }

  get connected() { return this.#welcomed; }
  get session() { return this.welcome ? this.welcome.session : null; }

  request(route, body = {}) {
    if (!this.#welcomed) {
      return Promise.reject(new GamebusError('disconnected', 'not connected; await ready or a welcome event'));
    }
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new GamebusError('timeout', `no answer to '${route}' within ${this.#options.requestTimeoutMs} ms`));
      }, this.#options.requestTimeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      this.#write({ type: 'msg', id, route, body });
    });
  }

  send(route, body = {}) {
    if (!this.#welcomed) return false;
    this.#write({ type: 'msg', route, body });
    return true;
  }

  on(route, handler) {
    if (!this.#routes.has(route)) this.#routes.set(route, new Set());
    this.#routes.get(route).add(handler);
    return () => this.off(route, handler);
  }

  off(route, handler) {
    this.#routes.get(route)?.delete(handler);
  }

  close() {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#retry);
    if (this.#ws && this.#ws.readyState === 1) this.#write({ type: 'bye' });
    this.#ws?.close(1000, 'bye');
    this.#ready.reject(new GamebusError('disconnected', 'closed by the client'));
  }

  #open() {
    if (this.#stopped) return;
    const ws = new this.#options.WebSocket(this.#url);
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => this.#hello();
    ws.onmessage = event => this.#receive(event.data);
    ws.onclose = event => this.#lost(event.code, event.reason);
    ws.onerror = () => {}; // a close event follows
    this.#ws = ws;
  }

  async #hello() {
    const ws = this.#ws;
    let token = this.#options.token;
    if (typeof token === 'function') {
      try {
        token = await token();
      } catch (e) {
        console.error('gamebus: the token function failed', e);
        return this.#drop(4002, 'no token');
      }
      if (this.#ws !== ws) return; // the socket went while the token was fetched
    }
    this.#helloId = this.#nextId++;
    const hello = { type: 'hello', id: this.#helloId };
    if (this.#options.game) hello.game = this.#options.game;
    if (token) hello.token = token;
    if (this.#resume) hello.resume = this.#resume;
    this.#write(hello);
  }

  #receive(data) {
    let message;
    try {
      message = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data));
    } catch {
      return;
    }
    switch (message.type) {
      case 'welcome': return this.#welcome(message);
      case 'reply': return this.#settle(message.id, p => p.resolve(message.body || {}));
      case 'push':
        for (const handler of this.#routes.get(message.route) || []) {
          try {
            handler(message.body || {}, message);
          } catch (e) {
            console.error(`gamebus: handler of push '${message.route}' failed`, e);
          }
        }
        return;
      case 'pong':
        if (this.#ping && this.#ping.id === message.id) {
          this.rtt = Date.now() - this.#ping.sentAt;
          this.#ping = null;
          this.#emit('pong', { rtt: this.rtt });
        }
        return;
      case 'moved':
        this.welcome = { ...this.welcome, instance: message.instance, version: message.version,
                         node: message.node ?? null };
        return this.#emit('moved', message);
      case 'closing':
        this.#emit('closing', message);
        // The same user signed in elsewhere: coming back would push that session out in turn.
        if (message.reason === 'replaced') this.close();
        return;
      case 'error': return this.#error(message);
      default: return;
    }
  }

  #welcome(message) {
    this.welcome = message;
    this.#resume = message.resume;
    this.#welcomed = true;
    this.#attempt = 0;
    this.#startHeartbeat();
    this.#ready.resolve(message);
    this.#emit('welcome', message);
  }

  #error(message) {
    if (message.id !== undefined && message.id === this.#helloId && !this.#welcomed) {
      if (message.code === 'bad_resume') {
        this.#resume = undefined;
        return this.#hello();
      }
      this.#emit('error', message);
      if (FATAL.has(message.code)) {
        this.#ready.reject(new GamebusError(message.code, message.message));
        return this.close();
      }
      return this.#drop(4000, message.code); // full, unavailable, ...: try again later
    }
    if (message.id !== undefined && this.#pending.has(message.id)) {
      return this.#settle(message.id, p => p.reject(new GamebusError(message.code, message.message)));
    }
    this.#emit('error', message);
  }

  #settle(id, action) {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    action(pending);
  }

  #startHeartbeat() {
    clearInterval(this.#heartbeat);
    this.#ping = null;
    const beat = () => {
      if (this.#ping) return this.#drop(4001, 'heartbeat missed'); // a whole interval, no pong
      this.#ping = { id: this.#nextId++, sentAt: Date.now() };
      this.#write({ type: 'ping', id: this.#ping.id });
    };
    this.#heartbeat = setInterval(beat, this.#options.heartbeatSeconds * 1000);
    beat(); // so rtt is known right after the welcome, not one interval later
  }

  /** Gives up on the current socket at once (browsers may take long to report a dead one). */
  #drop(code, reason) {
    const ws = this.#ws;
    if (!ws) return;
    ws.onclose = ws.onmessage = ws.onopen = null;
    try { ws.close(); } catch { /* already closing */ }
    this.#lost(code, reason);
  }

  #lost(code, reason) {
    this.#ws = null;
    this.#welcomed = false;
    clearInterval(this.#heartbeat);
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new GamebusError('disconnected', 'the connection dropped before the answer'));
      this.#pending.delete(id);
    }
    if (this.#stopped) {
      return this.#emit('disconnect', { code, reason, reconnecting: false });
    }
    const { minDelayMs, maxDelayMs } = this.#options;
    const delayMs = Math.round(Math.min(maxDelayMs, minDelayMs * 2 ** this.#attempt) * (1 + Math.random() * 0.2));
    this.#attempt++;
    this.#emit('disconnect', { code, reason, reconnecting: true, delayMs, attempt: this.#attempt });
    this.#retry = setTimeout(() => this.#open(), delayMs);
  }

  #write(message) {
    if (this.#ws && this.#ws.readyState === 1) this.#ws.send(JSON.stringify(message));
  }

  #emit(type, detail) {
    this.dispatchEvent(new GamebusEvent(type, detail));
  }
}
