// The workbench end to end in headless Debian Chromium (driven by
// playwright-core) against DynamoDB Local: connect, create a table, put
// items, query with a condition, page, edit, delete, see a failed
// condition; screenshots at 1280x800 and on a narrow window.
// Run by scripts/test-wasm.sh (which builds the wasm package and sets
// DYNAMODB_ENDPOINT).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../www/serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = path.join(here, '../artifacts');
let proxy;
let server;
let browser;
let base;

before(async () => {
  assert.ok(process.env.DYNAMODB_ENDPOINT, 'DYNAMODB_ENDPOINT is set by scripts/test-wasm.sh');
  proxy = spawn(process.execPath, [path.join(here, '../wasm/cors-proxy.mjs'), process.env.DYNAMODB_ENDPOINT], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve) => createInterface({ input: proxy.stdout }).once('line', resolve));
  server = await serve(0, line.replace('endpoint=', ''));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  mkdirSync(artifacts, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
  proxy?.kill();
});

test('connect, create, put, query with paging, edit, delete and a failed condition', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(base);
  await page.waitForSelector('body[data-ready=true]');
  await page.click('#connect-button');
  await page.waitForFunction(() => document.querySelector('#status').textContent.startsWith('connected'));

  const table = `e2e-${Date.now()}`;
  await page.click('#create summary');
  await page.fill('#new-name', table);
  await page.fill('#new-hash', 'pk');
  await page.fill('#new-range', 'sk');
  await page.selectOption('#new-range-type', 'N');
  await page.fill('#new-gsi', 'by_v');
  await page.fill('#new-gsi-hash', 'v');
  await page.click('#create-button');
  await page.waitForSelector(`#tables li.selected >> text=${table}`);
  assert.match(await page.textContent('#table-info'), /pk \(hash\), sk \(range\) · GSI by_v: v \(hash\)/);
  // The request panel shows the exact CreateTable/DescribeTable JSON.
  assert.match(await page.textContent('#requests'), /"TableName": "/);

  for (const [pk, sk] of [['a', 1], ['a', 2], ['a', 3], ['a', 4], ['a', 5], ['b', 1]]) {
    await page.click('#new-item');
    await page.fill('#item-json', JSON.stringify({ pk, sk, v: `x${sk}`, tags: [1, 2] }));
    await page.click('#put');
    await page.waitForFunction((k) => document.querySelector('#requests').textContent.startsWith('PutItem') && document.querySelector('#requests').textContent.includes(`"N": "${k}"`), sk);
    await page.evaluate(() => { document.querySelector('#requests').textContent = ''; });
  }
  await page.waitForFunction(() => document.querySelectorAll('#items tbody tr').length === 6);

  // Query the global index by its own hash key.
  await page.selectOption('#mode', 'query');
  await page.selectOption('#index', 'by_v');
  await page.fill('#hash-value', 'x1');
  await page.click('#run');
  await page.waitForFunction(() => document.querySelector('#page-info').textContent === '2 items');
  assert.match(await page.textContent('#requests'), /"IndexName": "by_v"/);
  await page.selectOption('#index', '');

  await page.selectOption('#mode', 'query');
  await page.fill('#hash-value', 'a');
  await page.selectOption('#range-op', 'gt');
  await page.fill('#range-value', '1');
  await page.fill('#page-size', '2');
  await page.click('#run');
  await page.waitForFunction(() => document.querySelector('#page-info').textContent === '2 items · more');
  const firstPage = await page.$$eval('#items tbody tr', (rows) => rows.map((r) => r.children[1].textContent));
  assert.deepEqual(firstPage, ['2', '3']);
  const query = await page.textContent('#requests');
  assert.match(query, /^Query/);
  assert.match(query, /"KeyConditionExpression": "#n0 = :v0 AND #n1 > :v1"/);
  assert.match(query, /"Limit": 2/);
  await page.click('#next-page');
  await page.waitForFunction(() => [...document.querySelectorAll('#items tbody tr')].map((r) => r.children[1].textContent).join() === '4,5');

  // Edit the item with sk = 4.
  await page.click('#items tbody tr:first-child');
  assert.equal(JSON.parse(await page.inputValue('#item-json')).sk, 4);
  await page.fill('#update-path', 'v');
  await page.fill('#update-value', 'changed');
  await page.click('#update');
  await page.waitForFunction(() => JSON.parse(document.querySelector('#item-json').value).v === 'changed');
  assert.match(await page.textContent('#requests'), /UpdateItem/);

  // DynamoDB JSON view of the same item.
  await page.check('input[name=format][value=dynamo]');
  assert.deepEqual(JSON.parse(await page.inputValue('#item-json')).v, { S: 'changed' });
  await page.check('input[name=format][value=plain]');

  // Delete it.
  await page.click('#delete');
  await page.waitForFunction(() => document.querySelector('#requests').textContent.includes('DeleteItem') || document.querySelector('#requests').textContent.includes('Query'));
  await page.fill('#range-value', '3');
  await page.fill('#page-size', '10');
  await page.click('#run');
  await page.waitForFunction(() => [...document.querySelectorAll('#items tbody tr')].map((r) => r.children[1].textContent).join() === '5');

  // A failed condition is shown clearly.
  await page.click('#new-item');
  await page.fill('#item-json', JSON.stringify({ pk: 'a', sk: 2 }));
  await page.fill('#condition', 'attribute_not_exists(pk)');
  await page.click('#put');
  await page.waitForSelector('#error:not([hidden])');
  assert.match(await page.textContent('#error'), /ConditionalCheckFailedException/);
  await page.screenshot({ path: path.join(artifacts, 'www-1280x800.png'), fullPage: true });

  // Usable on a narrow window: nothing wider than the viewport.
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than a 390px window`);
  await page.screenshot({ path: path.join(artifacts, 'www-390x844.png'), fullPage: true });

  // Delete the table, with confirmation.
  page.once('dialog', (d) => d.accept());
  await page.click(`button[aria-label="Delete table ${table}"]`);
  await page.waitForFunction((t) => ![...document.querySelectorAll('#tables button.table')].some((b) => b.textContent === t), table);
  assert.deepEqual(errors, []);
});
