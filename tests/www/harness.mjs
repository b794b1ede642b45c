// Shared set-up for the workbench tests: the workbench's own server, the
// CORS proxy allowing only its origin, Debian's Chromium through
// playwright-core, and direct DynamoDB Local access (plain HTTP, not
// through the workbench or the package) to set up and check stored data.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../www/serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const artifacts = path.join(here, '../artifacts');
export const proxyScript = path.join(here, '../wasm/cors-proxy.mjs');

/** Starts a CORS proxy to DynamoDB Local for `origins`; resolves to { endpoint, process }. */
export async function startProxy(origins) {
  const args = [proxyScript, process.env.DYNAMODB_ENDPOINT, ...origins.flatMap((o) => ['--origin', o])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  return { endpoint: line.replace('endpoint=', ''), process: child };
}

/** The workbench served on a free port, its proxy, and a browser. */
export async function startWorkbench() {
  assert.ok(process.env.DYNAMODB_ENDPOINT, 'DYNAMODB_ENDPOINT is set by scripts/test-wasm.sh');
  const server = await serve(0);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const proxy = await startProxy([origin]);
  server.endpoint = proxy.endpoint;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  mkdirSync(artifacts, { recursive: true });
  return {
    server, origin, base: `${origin}/www/`, proxy, browser,
    async close() {
      await browser.close();
      server.close();
      proxy.process.kill();
    },
  };
}

/** A new page on the workbench, connected; page errors collect in `page.errors`. */
export async function openWorkbench(env, { viewport = { width: 1280, height: 800 }, colorScheme = 'light', connect = true, context } = {}) {
  const ctx = context || await env.browser.newContext({ viewport, colorScheme, acceptDownloads: true });
  const page = await ctx.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e));
  await page.goto(env.base);
  await page.waitForSelector('body[data-ready=true]');
  if (connect) {
    await page.click('#connect-button');
    await page.waitForFunction(() => document.querySelector('#status').textContent.startsWith('connected'));
  }
  return page;
}

/** Opens `table` in the workbench and waits for its first page. */
export async function selectTable(page, table) {
  await page.click('#refresh');
  // The previous table's "page 1 · …" must not satisfy the wait below.
  await page.evaluate(() => { document.querySelector('#page-info').textContent = ''; });
  await page.click(`#tables button.table >> text="${table}"`);
  await page.waitForSelector(`#tables li.selected >> text="${table}"`);
  await page.waitForFunction(() => /^page \d|request failed/.test(document.querySelector('#page-info').textContent));
}

/** One DynamoDB API call straight to DynamoDB Local (no workbench, no package). */
export async function ddb(action, body) {
  const res = await fetch(process.env.DYNAMODB_ENDPOINT, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${action}`,
      authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00',
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${action}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/** Creates a table directly: `keys` like [['pk', 'S', 'HASH'], ['sk', 'N', 'RANGE']]. */
export async function createTable(name, keys) {
  await ddb('CreateTable', {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keys.map(([n, t]) => ({ AttributeName: n, AttributeType: t })),
    KeySchema: keys.map(([n, , k]) => ({ AttributeName: n, KeyType: k })),
  });
}

/** Writes items (DynamoDB JSON) directly, 25 per request. */
export async function putItems(table, items) {
  for (let i = 0; i < items.length; i += 25) {
    const chunk = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    let pending = { [table]: chunk };
    while (Object.keys(pending).length) {
      const reply = await ddb('BatchWriteItem', { RequestItems: pending });
      pending = reply.UnprocessedItems || {};
    }
  }
}

/** A table name unique to this run. */
export const tableName = (what) => `www-${what}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

/** Sets the item editor's text (plain or DynamoDB JSON, whichever is selected). */
export async function setEditor(page, value) {
  await page.fill('#item-json', typeof value === 'string' ? value : JSON.stringify(value, null, 2));
}

/** The visible rows' cell texts (first `n` columns). */
export const rowTexts = (page, column) => page.$$eval('#items tbody tr[data-index]', (rows, c) => rows.map((r) => r.children[c].textContent), column);
