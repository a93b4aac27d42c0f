// The operator dashboard in a real browser: the token asked once, the live view matching the
// admin API, and the restart action, while a player plays on the instance being restarted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { env, launch, person, openArena, screenshot, adminCall } from '../lib/harness.mjs';

let browser;
let operator;
let page;
let player;
let playerPage;
const adminRequests = []; // every /admin request the page made: {method, path, authorization}

before(async () => {
  browser = await launch();
  player = await person(browser, 'player');
  playerPage = await openArena(player);
  operator = await person(browser, 'operator');
  page = await operator.newPage();
  page.on('request', request => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/admin/')) {
      adminRequests.push({ method: request.method(), path: url.pathname, authorization: request.headers().authorization });
    }
  });
});

after(async () => {
  await browser?.close();
});

test('the dashboard asks for the token, and asks again when it is refused', async () => {
  await page.goto(env.admin);
  await page.waitForSelector('#token-form:not([hidden])');
  assert.equal(await page.isVisible('#board'), false);

  await page.fill('#token-input', 'not-the-token');
  await page.press('#token-input', 'Enter');
  await page.waitForSelector('#token-why[data-kind="error"]');
  assert.match(await page.textContent('#token-why'), /refused/);
  assert.equal(await page.isVisible('#board'), false);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('gamebus.admin.token')), null);
  await screenshot(page, 'dashboard-1-token-refused');

  await page.fill('#token-input', env.token);
  await page.press('#token-input', 'Enter');
  await page.waitForSelector('#live[data-state="live"]');
  assert.equal(await page.isVisible('#token-form'), false);
  assert.ok(adminRequests.length > 0);
  for (const request of adminRequests) {
    assert.match(request.authorization ?? '', /^Bearer /, `${request.method} ${request.path} went without the token`);
  }
  assert.deepEqual(operator.errors, []);
});

test('the dashboard lists every node and instance the admin API knows, live', async () => {
  const cluster = (await adminCall('GET', '/admin/cluster')).body;
  const games = (await adminCall('GET', '/admin/games')).body;
  for (const node of cluster.nodes) {
    await page.waitForSelector(`#nodes li[data-node="${node.id}"]`);
  }
  for (const game of games.games) {
    for (const version of game.versions) {
      for (const instance of version.instances) {
        const row = `[data-game="${game.name}"] [data-version="${version.version}"] tr[data-instance="${instance.id}"]`;
        await page.waitForSelector(row);
        assert.equal(await page.getAttribute(row, 'data-state'), instance.state);
        assert.equal(await page.textContent(`${row} .node`), instance.node);
      }
    }
  }
  // The player's session shows on the instance it plays on, and the traffic figures fill in.
  const instance = await playerPage.evaluate(() => window.arena.client.welcome.instance);
  await page.waitForFunction(id => {
    const count = document.querySelector(`tr[data-instance="${id}"] .count`);
    return count && Number.parseInt(count.textContent, 10) >= 1;
  }, instance);
  await page.waitForFunction(() => /\d/.test(document.getElementById('rate-in').textContent)
    && /\d/.test(document.getElementById('connections').textContent));
  assert.equal(await page.textContent('#self'), cluster.nodes.find(n => n.self).id);
  // A game's only active version cannot be retired from here (the API would answer 409).
  const current = games.games.find(g => g.name === 'arena').current;
  assert.equal(await page.isDisabled(`[data-game="arena"] [data-version="${current}"] button.retire`), true);
  await screenshot(page, 'dashboard-2-live');
  assert.deepEqual(operator.errors, []);
});

test('restarting an instance from the dashboard moves its player to a fresh one', async () => {
  const instance = await playerPage.evaluate(() => window.arena.client.welcome.instance);
  const session = await playerPage.evaluate(() => window.arena.client.session);
  const row = `tr[data-instance="${instance}"]`;
  const restarts = Number(await page.textContent(`${row} .restarts`));

  await page.click(`${row} button.restart`);
  await page.waitForSelector('#feedback[data-kind="ok"]:not([hidden])');
  assert.match(await page.textContent('#feedback-text'), new RegExp(`Restarted ${instance}`));
  await page.waitForFunction(([row, n]) => Number(document.querySelector(`${row} .restarts`).textContent) === n,
    [row, restarts + 1]);
  const listed = (await adminCall('GET', '/admin/games')).body.games.flatMap(g => g.versions)
    .flatMap(v => v.instances).find(i => i.id === instance);
  assert.equal(listed.restarts, restarts + 1);

  // The player was moved (reason crash), not disconnected, and plays on.
  await playerPage.waitForFunction(id => [...document.querySelectorAll('#chat-log .system')]
    .some(li => li.textContent.includes(`Instance ${id} was restarted`)), instance);
  assert.equal(await playerPage.getAttribute('#conn', 'data-state'), 'connected');
  assert.equal(await playerPage.evaluate(() => window.arena.client.session), session);
  await playerPage.waitForFunction(() => window.arena.world.players.has(window.arena.world.you));
  await screenshot(page, 'dashboard-3-restarted');
  await screenshot(playerPage, 'dashboard-3-player-after-restart');
  assert.deepEqual([...operator.errors, ...player.errors], []);
});

test('the dashboard keeps the token for the tab, and asks again once it stops working', async () => {
  await page.reload();
  await page.waitForSelector('#live[data-state="live"]');
  assert.equal(await page.isVisible('#token-form'), false);

  // A token that no longer works (rotated, say): the next poll gets 401 and the page asks again.
  await page.evaluate(() => sessionStorage.setItem('gamebus.admin.token', 'rotated-away'));
  await page.reload();
  await page.waitForSelector('#token-form:not([hidden])');
  await page.waitForSelector('#token-why[data-kind="error"]');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('gamebus.admin.token')), null);
  assert.deepEqual(operator.errors, []);
});
