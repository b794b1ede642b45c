// What users of dynamodb-admin, NoSQL Workbench and the AWS console expect
// of the item table: numeric and per-table sorting, type tags, previous
// page and position, a refreshing count, keyboard use, dark mode, and a
// 5,000-row page rendered at once (virtualised).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startWorkbench, openWorkbench, selectTable, ddb, createTable, putItems, tableName, rowTexts, artifacts } from './harness.mjs';

let env;
before(async () => { env = await startWorkbench(); });
after(async () => { await env?.close(); });

const column = (page, name) => page.$$eval('#items thead th', (ths, n) => ths.findIndex((th) => th.dataset.column === n), name);
const settledPage = (page) => page.waitForFunction(() => /^page \d|request failed/.test(document.querySelector('#page-info').textContent));

test('numbers sort numerically, each table keeps its own sort, and values carry their type tags', async () => {
  const a = tableName('sort-a');
  const b = tableName('sort-b');
  await createTable(a, [['pk', 'S', 'HASH']]);
  await createTable(b, [['pk', 'S', 'HASH']]);
  await putItems(a, ['100', '43', '7', '9', '-2.5', '12345678901234567890123456789012345678'].map((n, i) => ({ pk: { S: `k${i}` }, n: { N: n } })));
  await putItems(b, [{ pk: { S: 'x' }, tags: { SS: ['p', 'q'] }, list: { L: [{ S: 'p' }, { S: 'q' }] }, nums: { NS: ['1', '2'] }, bin: { B: 'AQ==' }, ok: { BOOL: true }, none: { NULL: true }, map: { M: { a: { N: '1' } } } }]);
  const page = await openWorkbench(env);
  await selectTable(page, a);
  await page.click('#items thead th[data-column="n"]');
  const n = await column(page, 'n');
  assert.deepEqual(await rowTexts(page, n), ['-2.5', '7', '9', '43', '100', '12345678901234567890123456789012345678']);
  await page.click('#items thead th[data-column="n"]');
  assert.deepEqual((await rowTexts(page, n))[0], '12345678901234567890123456789012345678');
  assert.equal(await page.getAttribute('#items thead th[data-column="n"]', 'aria-sort'), 'descending');

  await selectTable(page, b);
  assert.equal(await page.$$eval('#items thead th[aria-sort]:not([aria-sort=none])', (x) => x.length), 0, 'the sort stays with its table');
  const cells = await page.$$eval('#items tbody tr[data-index] td', (tds) => Object.fromEntries(tds.map((td, i) => [document.querySelectorAll('#items thead th')[i].dataset.column, [td.dataset.type, td.textContent]])));
  assert.deepEqual(cells.tags, ['SS', '{"p", "q"}']);
  assert.deepEqual(cells.list, ['L', '["p","q"]']);
  assert.deepEqual(cells.nums, ['NS', '{1, 2}']);
  assert.deepEqual(cells.bin, ['B', 'AQ==']);
  assert.deepEqual(cells.ok, ['BOOL', 'true']);
  assert.deepEqual(cells.none, ['NULL', 'null']);
  assert.deepEqual(cells.map, ['M', '{"a":1}']);
  // The tag is drawn (CSS) before the value.
  assert.equal(await page.$eval('#items tbody td[data-type=SS]', (td) => getComputedStyle(td, '::before').content), '"SS"');

  await selectTable(page, a);
  assert.equal(await page.getAttribute('#items thead th[data-column="n"]', 'aria-sort'), 'descending');
  assert.deepEqual(page.errors, []);
});

test('pages go forward and back with their position shown, and the item count refreshes', async () => {
  const table = tableName('pages');
  await createTable(table, [['pk', 'S', 'HASH'], ['sk', 'N', 'RANGE']]);
  await putItems(table, Array.from({ length: 7 }, (_, i) => ({ pk: { S: 'p' }, sk: { N: String(i + 1) } })));
  const page = await openWorkbench(env);
  await selectTable(page, table);
  await page.selectOption('#mode', 'query');
  await page.fill('#hash-value', 'p');
  await page.fill('#page-size', '3');
  await page.click('#run');
  await page.waitForFunction(() => document.querySelector('#page-info').textContent === 'page 1 · items 1–3 · more');
  assert.deepEqual(await rowTexts(page, 1), ['1', '2', '3']);
  assert.equal(await page.isDisabled('#prev-page'), true);
  await page.click('#next-page');
  await page.waitForFunction(() => document.querySelector('#page-info').textContent === 'page 2 · items 4–6 · more');
  await page.click('#next-page');
  await page.waitForFunction(() => document.querySelector('#page-info').textContent === 'page 3 · items 7–7');
  assert.equal(await page.isDisabled('#next-page'), true);
  await page.click('#prev-page');
  await page.waitForFunction(() => document.querySelector('#page-info').textContent === 'page 2 · items 4–6 · more');
  assert.deepEqual(await rowTexts(page, 1), ['4', '5', '6']);

  await page.click('#count-button');
  await page.waitForFunction(() => /^7 items counted/.test(document.querySelector('#count').textContent));
  await putItems(table, [{ pk: { S: 'p' }, sk: { N: '8' } }]);
  await page.click('#count-button');
  await page.waitForFunction(() => /^8 items counted/.test(document.querySelector('#count').textContent));
  // A put from the workbench refreshes the table's own count and the page on show.
  await page.click('#new-item');
  await page.fill('#item-json', '{"pk": "p", "sk": 4.5}');
  await page.click('#put');
  await page.waitForFunction(() => /~9 items/.test(document.querySelector('#table-facts').textContent));
  await page.waitForFunction(() => [...document.querySelectorAll('#items tbody tr[data-index]')].map((r) => r.children[1].textContent).join() === '4,4.5,5');
  assert.deepEqual(page.errors, []);
});

test('rows are reachable and actionable by keyboard', async () => {
  const table = tableName('keys');
  await createTable(table, [['pk', 'S', 'HASH']]);
  await putItems(table, ['a', 'b', 'c'].map((k) => ({ pk: { S: k } })));
  const page = await openWorkbench(env);
  await selectTable(page, table);
  await page.click('#items thead th[data-column="pk"]');
  // Tab from the header reaches the first row; arrows move; Enter opens.
  await page.focus('#items thead th[data-column="pk"]');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.index), '0');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'b');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#item-state').textContent.includes('pk=b'));
  // Delete asks, then deletes the focused row.
  await page.focus('#items tbody tr[data-index="2"]');
  page.once('dialog', (d) => d.accept());
  await page.keyboard.press('Delete');
  await page.waitForFunction(() => document.querySelectorAll('#items tbody tr[data-index]').length === 2);
  assert.equal((await ddb('GetItem', { TableName: table, Key: { pk: { S: 'c' } } })).Item, undefined);
  // Sorting by keyboard.
  await page.focus('#items thead th[data-column="pk"]');
  await page.keyboard.press('Enter');
  assert.deepEqual(await rowTexts(page, 0), ['b', 'a']);
  assert.deepEqual(page.errors, []);
});

test('a 5,000-item page is rendered virtualised (a few dozen rows in the DOM) and scrolls to its last row', { timeout: 180000 }, async () => {
  const table = tableName('big');
  await createTable(table, [['pk', 'S', 'HASH']]);
  await putItems(table, Array.from({ length: 5000 }, (_, i) => ({ pk: { S: `item-${String(i).padStart(4, '0')}` }, n: { N: String(i) }, tags: { SS: ['a', `t${i % 7}`] }, note: { S: 'x'.repeat(40) } })));
  const page = await openWorkbench(env);
  // The longest main-thread task while the page loads, reported (not asserted: timings vary with the machine).
  await page.evaluate(() => {
    window.longestTask = 0;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longestTask = Math.max(window.longestTask, e.duration); }).observe({ type: 'longtask' });
  });
  await page.fill('#page-size', '5000');
  const started = Date.now();
  await page.click('#refresh');
  await page.click(`#tables button.table >> text="${table}"`);
  await page.waitForFunction(() => /^page 1 · items 1–5000/.test(document.querySelector('#page-info').textContent), null, { timeout: 60000 });
  const firstPage = Date.now() - started;
  const inDom = await page.$$eval('#items tbody tr[data-index]', (r) => r.length);
  assert.ok(inDom < 120, `${inDom} rows in the DOM for 5,000 items`);
  await page.click('#items thead th[data-column="n"]');
  await page.$eval('#grid-scroll', (box) => { box.scrollTop = box.scrollHeight; });
  await page.waitForFunction(() => [...document.querySelectorAll('#items tbody tr[data-index]')].some((r) => r.dataset.index === '4999'));
  const n = await column(page, 'n');
  assert.equal((await rowTexts(page, n)).at(-1), '4999');
  console.log(`workbench time to first page, 5,000 items: ${firstPage} ms (of which ${await page.getAttribute('body', 'data-page-timings')}; longest main-thread task ${Math.round(await page.evaluate(() => window.longestTask))} ms)`);
  await page.screenshot({ path: path.join(artifacts, 'www-5000-rows.png') });
  assert.deepEqual(page.errors, []);
});

test('dark mode follows prefers-color-scheme', async () => {
  const table = tableName('dark');
  await createTable(table, [['pk', 'S', 'HASH']]);
  await putItems(table, [{ pk: { S: 'a' }, tags: { SS: ['x'] }, n: { N: '1' } }]);
  const dark = await openWorkbench(env, { colorScheme: 'dark' });
  await selectTable(dark, table);
  const luminance = (page, selector) => page.$eval(selector, (e) => {
    const [r, g, b] = getComputedStyle(e).backgroundColor.match(/\d+/g).map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  });
  assert.ok(await luminance(dark, 'body') < 60, 'dark background');
  assert.ok(await luminance(dark, '#workspace > form') < 60, 'dark panels');
  await dark.screenshot({ path: path.join(artifacts, 'www-dark.png'), fullPage: true });
  const light = await openWorkbench(env, { colorScheme: 'light' });
  await selectTable(light, table);
  assert.ok(await luminance(light, 'body') > 200, 'light background');
  await light.screenshot({ path: path.join(artifacts, 'www-light.png'), fullPage: true });
});

test('TTL and consumed capacity are shown where the package reports them, and never made up where it does not', async () => {
  const table = tableName('ttl');
  await createTable(table, [['pk', 'S', 'HASH']]);
  await ddb('UpdateTimeToLive', { TableName: table, TimeToLiveSpecification: { AttributeName: 'expires', Enabled: true } });
  await putItems(table, [{ pk: { S: 'a' }, expires: { N: '4102444800' } }]);
  const page = await openWorkbench(env);
  // describeTimeToLive and consumedCapacity come with the JS package's TTL/capacity support.
  const reports = await page.evaluate(() => typeof window.workbench.state.client.describeTimeToLive === 'function');
  await selectTable(page, table);
  const facts = await page.textContent('#table-facts');
  if (reports) {
    assert.match(facts, /TTL ENABLED on expires/);
    await page.waitForFunction(() => /capacity units for this action/.test(document.querySelector('#capacity').textContent));
  } else {
    assert.doesNotMatch(facts, /TTL/);
    assert.equal(await page.textContent('#capacity'), '');
  }
  assert.deepEqual(page.errors, []);
});
