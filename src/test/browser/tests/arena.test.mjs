// The arena page in a real browser: two people play, one loses its connection and comes back,
// and a new version of the game is swapped in under them. The scenarios run in order and share
// the two players, as a real match would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, person, openArena, me, avatar, screenshot, adminCall, arenaV2Jar } from '../lib/harness.mjs';

let browser;
let ada; // two people, each in a browser context of their own
let bob;
let adaPage;
let bobPage;

before(async () => {
  browser = await launch();
  ada = await person(browser, 'ada');
  bob = await person(browser, 'bob');
});

after(async () => {
  await browser?.close();
});

/** How many of a few pixels around (x, y) on the page's field canvas have this avatar's colour. */
function pixelsOfColour(page, id) {
  return page.evaluate(id => {
    const p = window.arena.world.players.get(id);
    if (!p) return 0;
    const probe = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
    probe.fillStyle = `hsl(${p.hue} 70% 55%)`;
    probe.fillRect(0, 0, 1, 1);
    const want = probe.getImageData(0, 0, 1, 1).data;
    const field = document.getElementById('field');
    const g = field.getContext('2d');
    const scale = field.width / window.arena.world.width;
    let matches = 0;
    for (const [dx, dy] of [[0, 0], [-7, 0], [7, 0], [0, -7], [0, 7]]) {
      const got = g.getImageData(Math.round((p.x + dx) * scale), Math.round((p.y + dy) * scale), 1, 1).data;
      if ([0, 1, 2].every(i => Math.abs(got[i] - want[i]) <= 12)) matches++;
    }
    return matches;
  }, id);
}

test('two players in two browsers see each other move', async () => {
  adaPage = await openArena(ada);
  bobPage = await openArena(bob);
  const a = await me(adaPage);
  const b = await me(bobPage);
  assert.notEqual(a.session, b.session);
  await bobPage.waitForFunction(id => window.arena.world.players.has(id), a.id);
  await adaPage.waitForFunction(id => window.arena.world.players.has(id), b.id);
  await bobPage.waitForFunction(id => document.querySelector(`#scores li[data-id="${id}"]`), a.id);

  // Ada walks away from Bob (unless a wall is close that way), holding a key.
  const start = await avatar(bobPage, a.id);
  const width = await adaPage.evaluate(() => window.arena.world.width);
  let key = start.x < b.x ? 'ArrowLeft' : 'ArrowRight';
  if (key === 'ArrowLeft' ? start.x < 120 : start.x > width - 120) key = key === 'ArrowLeft' ? 'ArrowRight' : 'ArrowLeft';
  await adaPage.locator('#field').focus();
  await adaPage.keyboard.down(key);
  await bobPage.waitForFunction(([id, x0]) => Math.abs(window.arena.world.players.get(id).x - x0) >= 60, [a.id, start.x]);
  await adaPage.keyboard.up(key);

  const moved = await avatar(bobPage, a.id);
  assert.equal(moved.y, start.y, 'a left or right key moves the avatar sideways only');
  assert.ok(key === 'ArrowRight' ? moved.x > start.x : moved.x < start.x, `${key} moved Ada the wrong way`);
  // Ada's own page agrees with Bob's about where she is, once she stopped.
  await adaPage.waitForFunction(([x]) => {
    const w = window.arena.world;
    return Math.abs(w.players.get(w.you).x - x) <= 40;
  }, [moved.x]);
  // And Bob's canvas shows her there, in her colour.
  let drawn = 0;
  for (let i = 0; i < 40 && drawn < 2; i++) {
    drawn = await pixelsOfColour(bobPage, a.id);
    if (drawn < 2) await bobPage.waitForTimeout(50);
  }
  assert.ok(drawn >= 2, "Bob's canvas does not show Ada's avatar where his page says she is");
  await screenshot(bobPage, 'arena-1-bob-sees-ada-move');
  await screenshot(adaPage, 'arena-1-ada');
  assert.deepEqual([...ada.errors, ...bob.errors], []);
});

test('a player whose connection drops resumes the same session with its score', async () => {
  // Ada scores: she holds the mouse button on the nearest item until her score goes up.
  const box = await adaPage.locator('#field').boundingBox();
  const { width, height } = await adaPage.evaluate(() => ({ width: window.arena.world.width, height: window.arena.world.height }));
  const first = await me(adaPage);
  for (let attempt = 0; attempt < 8; attempt++) {
    const item = await adaPage.evaluate(() => {
      const w = window.arena.world;
      const p = w.players.get(w.you);
      let best = null;
      for (const [id, it] of w.items) {
        const d = Math.hypot(it.x - p.x, it.y - p.y);
        if (!best || d < best.d) best = { id, x: it.x, y: it.y, d };
      }
      return best;
    });
    await adaPage.mouse.move(box.x + (item.x * box.width) / width, box.y + (item.y * box.height) / height);
    await adaPage.mouse.down();
    // Scored, or the item went elsewhere (someone else took it): either way, look again.
    await adaPage.waitForFunction(([score, item]) => {
      const w = window.arena.world;
      const it = w.items.get(item.id);
      return w.players.get(w.you).score > score || !it || it.x !== item.x || it.y !== item.y;
    }, [first.score, item], { timeout: 10_000 }).catch(() => {});
    await adaPage.mouse.up();
    if ((await me(adaPage)).score > first.score) break;
  }
  const before = await me(adaPage);
  assert.ok(before.score > first.score, 'Ada could not pick up an item with the mouse');
  await bobPage.waitForFunction(([id, score]) => window.arena.world.players.get(id)?.score === score, [before.id, before.score]);

  // Bob's page notes it if the game ever says Ada left.
  await bobPage.evaluate(id => {
    window.__adaLeft = false;
    window.arena.client.on('delta', d => { if (d.gone?.includes(id)) window.__adaLeft = true; });
  }, before.id);
  await adaPage.evaluate(() => {
    window.__drops = 0;
    window.arena.client.addEventListener('disconnect', () => { window.__drops++; });
  });

  // The network goes away and the socket with it; reconnecting fails until it is back.
  await ada.setOffline(true);
  await adaPage.evaluate(() => window.__sockets.at(-1).close());
  await adaPage.waitForSelector('#conn[data-state="reconnecting"]');
  await adaPage.waitForFunction(() => window.__drops >= 2); // at least one attempt failed offline
  await screenshot(adaPage, 'arena-2-ada-offline');
  await ada.setOffline(false);

  await adaPage.waitForSelector('#conn[data-state="connected"]', { timeout: 30_000 });
  const welcome = await adaPage.evaluate(() => window.arena.client.welcome);
  assert.equal(welcome.resumed, true, 'the welcome after the drop is not a resume');
  assert.equal(welcome.session, before.session, 'a new session instead of the same one');
  await adaPage.waitForFunction(([score]) => {
    const w = window.arena.world;
    return w.players.get(w.you)?.score >= score;
  }, [before.score]);
  const after = await me(adaPage);
  assert.equal(after.id, before.id);
  assert.ok(after.score >= before.score, `score ${before.score} became ${after.score}`);
  assert.match(await adaPage.textContent('#conn'), /resumed/);
  assert.equal(await bobPage.evaluate(() => window.__adaLeft), false, 'the game saw Ada leave');
  assert.ok(await avatar(bobPage, before.id), 'Bob no longer sees Ada');
  await screenshot(adaPage, 'arena-2-ada-resumed');
  assert.deepEqual([...ada.errors, ...bob.errors], []);
});

test('a hot swap during play shows the new version and theme without a reload', async () => {
  const jar = await arenaV2Jar();
  for (const page of [adaPage, bobPage]) {
    await page.evaluate(() => { window.__sameDocument = true; });
    assert.equal(await page.textContent('#version'), '1.0.0');
    assert.match(await page.textContent('#theme'), /classic/);
  }
  const before = await me(adaPage);
  const bobBefore = await me(bobPage);

  // Ada is moving (towards the farther side wall) when the new version arrives.
  const width = await adaPage.evaluate(() => window.arena.world.width);
  const key = before.x < width / 2 ? 'ArrowRight' : 'ArrowLeft';
  await adaPage.locator('#field').focus();
  await adaPage.keyboard.down(key);
  const upload = await adminCall('POST', '/admin/games', jar);
  assert.equal(upload.status, 200, `upload answered ${upload.status}: ${JSON.stringify(upload.body)}`);
  assert.equal(upload.body.version, '2.0.0');

  for (const page of [adaPage, bobPage]) {
    await page.waitForFunction(() => document.getElementById('version').textContent === '2.0.0'
      && window.arena.world.theme.name === 'night' && /night/.test(document.getElementById('theme').textContent));
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was reloaded');
    assert.equal(await page.evaluate(() => window.arena.world.theme.itemShape), 'star');
    assert.equal(await page.evaluate(() => window.arena.world.itemPoints), 2);
    assert.equal(await page.getAttribute('#conn', 'data-state'), 'connected');
  }
  const after = await me(adaPage);
  assert.equal(after.session, before.session, 'Ada got a new session');
  assert.ok(after.score >= before.score, `Ada's score ${before.score} became ${after.score}`);
  assert.equal((await me(bobPage)).session, bobBefore.session, 'Bob got a new session');
  assert.ok((await me(bobPage)).score >= bobBefore.score);

  await adaPage.keyboard.up(key);
  const x0 = (await avatar(bobPage, before.id)).x;
  assert.notEqual(x0, before.x, 'Ada did not move across the swap');
  // And her keys steer her on the new version: Bob sees her go back.
  const back = key === 'ArrowRight' ? 'ArrowLeft' : 'ArrowRight';
  await adaPage.keyboard.down(back);
  await bobPage.waitForFunction(([id, x0]) => Math.abs(window.arena.world.players.get(id).x - x0) >= 30, [before.id, x0]);
  await adaPage.keyboard.up(back);
  await adaPage.waitForTimeout(150); // a few frames of the new theme
  await screenshot(adaPage, 'arena-3-ada-after-hot-swap');
  await screenshot(bobPage, 'arena-3-bob-after-hot-swap');
  assert.deepEqual([...ada.errors, ...bob.errors], []);
});
