// Writes a user can take back, and credentials kept safely: delete asks
// first, the last put or delete can be undone, a session token is sent,
// and the secret key never reaches localStorage in plain text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWorkbench, openWorkbench, selectTable, ddb, createTable, putItems, tableName, rowTexts } from './harness.mjs';

let env;
before(async () => { env = await startWorkbench(); });
after(async () => { await env?.close(); });

const get = async (table, pk) => (await ddb('GetItem', { TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true })).Item;
// Clicks `selector` and waits for `action` to be sent (or an error shown);
// the request panel is cleared first so an earlier request of the same
// action cannot satisfy the wait.
async function clickAndSettle(page, selector, action) {
  await page.evaluate(() => { document.querySelector('#requests').textContent = ''; });
  await page.click(selector);
  await page.waitForFunction((a) => document.querySelector('#requests').textContent.includes(a) || !document.querySelector('#error').hidden, action);
}

async function openRow(page, pk) {
  const index = (await rowTexts(page, 0)).indexOf(pk);
  await page.click(`#items tbody tr[data-index="${index}"]`);
  await page.waitForFunction((k) => document.querySelector('#item-state').textContent.includes(k), pk);
}

test('delete asks for confirmation, and a declined delete sends nothing', async () => {
  const table = tableName('confirm');
  await createTable(table, [['pk', 'S', 'HASH']]);
  const item = { pk: { S: 'keep' }, tags: { SS: ['x', 'y'] }, n: { N: '12345678901234567890123456789012345678' } };
  await putItems(table, [item]);
  const page = await openWorkbench(env);
  await selectTable(page, table);
  await openRow(page, 'keep');
  await page.evaluate(() => { document.querySelector('#requests').textContent = ''; });
  const asked = [];
  page.once('dialog', (d) => { asked.push(d.message()); d.dismiss(); });
  await page.click('#delete');
  await page.waitForFunction(() => true);
  assert.match(asked[0], /Delete the item pk=keep from www-confirm/);
  assert.equal(await page.textContent('#requests'), '');
  assert.deepEqual(await get(table, 'keep'), item);

  page.once('dialog', (d) => d.accept());
  await clickAndSettle(page, '#delete', 'DeleteItem');
  assert.equal(await get(table, 'keep'), undefined);
  await page.waitForFunction(() => document.querySelector('#page-info').textContent === 'page 1 · no items');

  // Undo puts the deleted item back exactly.
  assert.equal(await page.textContent('#undo'), 'Undo delete pk=keep');
  await page.click('#undo');
  await page.waitForFunction(() => document.querySelector('#undo').disabled);
  assert.deepEqual(await get(table, 'keep'), item);
  await page.waitForFunction(() => document.querySelector('#page-info').textContent === 'page 1 · items 1–1');
  assert.deepEqual(await rowTexts(page, 0), ['keep']);
  assert.deepEqual(page.errors, []);
});

test('undo after a put restores the old item, or removes an item the put created', async () => {
  const table = tableName('undo');
  await createTable(table, [['pk', 'S', 'HASH']]);
  const item = { pk: { S: 'a' }, v: { S: 'old' }, bytes: { BS: ['AQ=='] } };
  await putItems(table, [item]);
  const page = await openWorkbench(env);
  await selectTable(page, table);
  await openRow(page, 'a');
  await page.fill('#item-json', (await page.inputValue('#item-json')).replace('"old"', '"new"'));
  await clickAndSettle(page, '#put', 'PutItem');
  assert.deepEqual((await get(table, 'a')).v, { S: 'new' });
  await page.click('#undo');
  await page.waitForFunction(() => document.querySelector('#undo').disabled);
  assert.deepEqual(await get(table, 'a'), item);

  await page.click('#new-item');
  await page.fill('#item-json', '{"pk": "created"}');
  await clickAndSettle(page, '#put', 'PutItem');
  assert.ok(await get(table, 'created'));
  assert.equal(await page.textContent('#undo'), 'Undo put pk=created');
  await page.click('#undo');
  await page.waitForFunction(() => document.querySelector('#undo').disabled);
  assert.equal(await get(table, 'created'), undefined);
  assert.deepEqual(page.errors, []);
});

test('the session token is sent and the secret key never reaches localStorage in plain text', async () => {
  const context = await env.browser.newContext();
  const page = await openWorkbench(env, { context, connect: false });
  const tokens = [];
  page.on('request', (r) => { if (r.method() === 'POST') tokens.push(r.headers()['x-amz-security-token']); });
  await page.fill('#secret-key', 'SECRET-the-key-123');
  await page.fill('#session-token', 'TOKEN-session-456');
  await page.click('#connect-button');
  await page.waitForFunction(() => document.querySelector('#status').textContent.startsWith('connected'));
  assert.ok(tokens.length && tokens.every((t) => t === 'TOKEN-session-456'), `tokens sent: ${tokens}`);
  const local = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.ok(!local.includes('SECRET-the-key') && !local.includes('TOKEN-session'), local);
  assert.match(await page.textContent('#stored'), /secret key and session token stay in this tab/);
  // A reload in the same tab keeps the secret (sessionStorage) ...
  await page.reload();
  await page.waitForSelector('body[data-ready=true]');
  assert.equal(await page.inputValue('#secret-key'), 'SECRET-the-key-123');
  // ... a new tab does not.
  const other = await context.newPage();
  await other.goto(env.base);
  await other.waitForSelector('body[data-ready=true]');
  assert.equal(await other.inputValue('#secret-key'), 'local');

  // Kept on this device only encrypted with a passphrase, and unlocked with it.
  await page.selectOption('#remember', 'device');
  await page.fill('#passphrase', 'correct horse');
  await page.click('#connect-button');
  await page.waitForFunction(() => /encrypted with your passphrase/.test(document.querySelector('#stored').textContent));
  const sealed = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.ok(!sealed.includes('SECRET-the-key') && !sealed.includes('TOKEN-session'), sealed);
  assert.match(sealed, /sealed/);
  const later = await context.newPage();
  await later.goto(env.base);
  await later.waitForSelector('body[data-ready=true]');
  assert.equal(await later.inputValue('#secret-key'), '');
  await later.fill('#passphrase', 'wrong');
  await later.click('#connect-button');
  await later.waitForSelector('#error:not([hidden])');
  assert.match(await later.textContent('#error'), /wrong passphrase/);
  await later.fill('#passphrase', 'correct horse');
  await later.click('#connect-button');
  await later.waitForFunction(() => document.querySelector('#status').textContent.startsWith('connected'));
  assert.equal(await later.inputValue('#secret-key'), 'SECRET-the-key-123');

  // A plain secret left by an older version is removed on load.
  await later.evaluate(() => localStorage.setItem('rynamo-workbench-connection', JSON.stringify({ endpoint: 'http://x', region: 'r', credentials: { accessKeyId: 'k', secretAccessKey: 'OLD-SECRET' } })));
  await later.reload();
  await later.waitForSelector('body[data-ready=true]');
  assert.ok(!(await later.evaluate(() => JSON.stringify({ ...localStorage }))).includes('OLD-SECRET'));

  // "keep nothing" keeps nothing, not even in the tab.
  await later.fill('#endpoint', env.proxy.endpoint);
  await later.fill('#region', 'us-east-1');
  await later.selectOption('#remember', 'none');
  await later.click('#connect-button');
  await later.waitForFunction(() => document.querySelector('#status').textContent.startsWith('connected'));
  assert.match(await later.textContent('#stored'), /^Nothing stored/);
  assert.deepEqual(await later.evaluate(() => [localStorage.length, sessionStorage.length]), [0, 0]);
  await context.close();
});
