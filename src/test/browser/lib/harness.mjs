// What every browser scenario shares: where the node under test is, Debian's Chromium driven by
// playwright-core (it never downloads a browser), screenshots, and small waiting helpers.
// BrowserTest.java starts the node and sets the environment; see docs/testing.md to run by hand.
import { chromium } from 'playwright-core';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run these tests through 'mvn verify' (BrowserTest), `
      + 'or start a node and set GAMEBUS_WEB_URL, GAMEBUS_ADMIN_URL and GAMEBUS_ADMIN_TOKEN (docs/testing.md)');
  }
  return value;
}

export const env = {
  web: required('GAMEBUS_WEB_URL'),           // the gateway's HTTP port: the arena page
  admin: required('GAMEBUS_ADMIN_URL'),       // the admin port: the dashboard and the API
  token: required('GAMEBUS_ADMIN_TOKEN'),
  arenaV2Jar: process.env.GAMEBUS_ARENA_V2_JAR, // the hot-swap demo jar (arena 2.0.0)
  chromium: process.env.CHROMIUM || '/usr/bin/chromium',
  screenshots: process.env.GAMEBUS_SCREENSHOTS || 'screenshots',
};

/** How long a wait may take: generous, for two busy cores; waits end as soon as their condition holds. */
export const WAIT_MS = 20_000;

/** Headless Chromium with a fresh profile (Playwright gives each launch its own temporary one). */
export async function launch() {
  return chromium.launch({
    executablePath: env.chromium,
    headless: true,
    timeout: 60_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** A browser context (one person: own storage, own network), with page errors made loud and kept. */
export async function person(browser, name) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
  context.setDefaultTimeout(WAIT_MS);
  // Lets a scenario cut a page's WebSocket as a dropped network would.
  await context.addInitScript(() => {
    const Native = window.WebSocket;
    window.__sockets = [];
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        window.__sockets.push(this);
      }
    };
  });
  context.errors = []; // uncaught exceptions in its pages: a scenario asserts there are none
  context.on('page', page => watch(page, name, context.errors));
  return context;
}

function watch(page, name, errors) {
  page.on('pageerror', e => {
    console.log(`[${name}] page error: ${e.stack || e}`);
    errors.push(String(e));
  });
  page.on('console', m => {
    // A refused connection while offline, or a refused token, is the point of a scenario.
    if (m.type() === 'error' && !/ERR_INTERNET_DISCONNECTED|WebSocket connection|401 \(Unauthorized\)/.test(m.text())) {
      console.log(`[${name}] console error: ${m.text()}`);
    }
  });
}

export async function screenshot(page, name) {
  await mkdir(env.screenshots, { recursive: true });
  const path = join(env.screenshots, `${name}.png`);
  await page.screenshot({ path });
  console.log(`screenshot ${path}`);
}

/** Opens the arena page and waits until the player is in the match. */
export async function openArena(context) {
  const page = await context.newPage();
  await page.goto(env.web);
  await page.waitForSelector('#conn[data-state="connected"]');
  await page.waitForFunction(() => {
    const w = window.arena.world;
    return w.you !== null && w.players.has(w.you);
  });
  return page;
}

/** This page's own avatar as the page knows it: {id, x, y, score, name}. */
export function me(page) {
  return page.evaluate(() => {
    const w = window.arena.world;
    const p = w.players.get(w.you);
    return p && { id: w.you, x: p.x, y: p.y, score: p.score, name: p.name, session: window.arena.client.session };
  });
}

/** Another player's avatar as this page knows it, or null. */
export function avatar(page, id) {
  return page.evaluate(id => {
    const p = window.arena.world.players.get(id);
    return p ? { x: p.x, y: p.y, score: p.score, name: p.name, hue: p.hue } : null;
  }, id);
}

/** Calls the admin API with the token; resolves with {status, body}. */
export async function adminCall(method, path, body) {
  const response = await fetch(new URL(path, env.admin), {
    method, body, headers: { Authorization: `Bearer ${env.token}` }, signal: AbortSignal.timeout(120_000),
  });
  const text = await response.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: response.status, body: json ?? text };
}

export async function arenaV2Jar() {
  if (!env.arenaV2Jar) throw new Error('GAMEBUS_ARENA_V2_JAR is not set: the path of arena-2.0.0.jar');
  return readFile(env.arenaV2Jar);
}
