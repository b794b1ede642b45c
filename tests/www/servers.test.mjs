// The workbench's local servers (issue 15): the static server serves only
// the workbench and the package it imports; the CORS proxy answers only
// the workbench's own origin; scripts/www.sh stops everything it started.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import net from 'node:net';
import { readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../www/serve.mjs';
import { startWorkbench, openWorkbench, startProxy, ddb, tableName } from './harness.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let env;
before(async () => { env = await startWorkbench(); });
after(async () => { await env?.close(); });

/** A raw GET (fetch would normalise `..` away). */
function get(port, target, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: target, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the static server serves the workbench and the web package, and nothing else of the repository', async () => {
  const port = env.server.address().port;
  for (const ok of ['/www/', '/www/app.js', '/www/style.css', '/www/typed.js', '/www/config.json', '/adapter-wasm/pkg/web/rynamo_wasm.js', '/adapter-wasm/pkg/web/rynamo_wasm_bg.wasm']) {
    assert.equal(await get(port, ok), 200, ok);
  }
  const refused = ['/.git/config', '/.git/HEAD', '/target/', '/Cargo.toml', '/README.md', '/scripts/www.sh', '/www/serve.mjs',
    '/adapter-wasm/pkg/node/rynamo_wasm.js', '/adapter-wasm/pkg/package.json', '/adapter-wasm/src/lib.rs', '/www/../.git/config',
    '/www/..%2f.git/config', '/www/%2e%2e/Cargo.toml', '/adapter-wasm/pkg/web/../../../Cargo.toml', '/www/.hidden.js', '/tests/www/harness.mjs'];
  for (const path of refused) assert.equal(await get(port, path), 404, path);
  // A request for another host name (DNS rebinding) is refused.
  assert.equal(await get(port, '/www/', { host: 'evil.example:80' }), 421);
});

test('the CORS proxy answers the workbench origin only and refuses other pages before DynamoDB sees them', async () => {
  const { endpoint } = env.proxy;
  const target = (action) => ({ 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${action}`, authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00' });
  const preflight = await fetch(endpoint, { method: 'OPTIONS', headers: { origin: env.origin, 'access-control-request-method': 'POST' } });
  assert.equal(preflight.headers.get('access-control-allow-origin'), env.origin);
  const evilPreflight = await fetch(endpoint, { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
  assert.equal(evilPreflight.status, 403);
  assert.equal(evilPreflight.headers.get('access-control-allow-origin'), null);

  const table = tableName('cors');
  const create = { TableName: table, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] };
  const evil = await fetch(endpoint, { method: 'POST', headers: { ...target('CreateTable'), origin: 'http://evil.example' }, body: JSON.stringify(create) });
  assert.equal(evil.status, 403);
  const { TableNames } = await ddb('ListTables', {});
  assert.ok(!TableNames.includes(table), 'a refused request never reaches DynamoDB');

  const own = await fetch(endpoint, { method: 'POST', headers: { ...target('ListTables'), origin: env.origin }, body: '{}' });
  assert.equal(own.status, 200);
  assert.equal(own.headers.get('access-control-allow-origin'), env.origin);
});

test('a page from another origin cannot reach DynamoDB through the proxy while the workbench can', async () => {
  // A second static server is another origin (another port) in the same browser.
  const other = await serve(0, env.proxy.endpoint);
  try {
    const page = await env.browser.newPage();
    await page.goto(`http://127.0.0.1:${other.address().port}/www/`);
    await page.waitForSelector('body[data-ready=true]');
    await page.click('#connect-button');
    await page.waitForSelector('#error:not([hidden])');
    assert.match(await page.textContent('#error'), /fetch|network|Failed/i);
    const workbench = await openWorkbench(env);
    assert.match(await workbench.textContent('#status'), /^connected/);
  } finally {
    other.close();
  }
});

const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});
const listening = (port) => new Promise((resolve) => {
  const socket = net.connect(port, '127.0.0.1');
  socket.once('connect', () => { socket.destroy(); resolve(true); });
  socket.once('error', () => resolve(false));
});
const alive = (pid) => { try { process.kill(pid, 0); } catch { return false; } try { return !/State:\s*Z/.test(readFileSync(`/proc/${pid}/status`, 'utf8')); } catch { return false; } };

/** Live (not zombie) processes in process group `pgid`, from /proc. */
function groupMembers(pgid) {
  const members = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(pid));
    } catch { /* gone meanwhile */ }
  }
  return members;
}

async function startScript() {
  const port = await freePort();
  const child = spawn(path.join(repo, 'scripts/www.sh'), [String(port)], { cwd: repo, detached: true, env: { ...process.env, WWW_NO_BUILD: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const seen = {};
  await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`www.sh exited ${code}`)));
    lines.on('line', (line) => {
      let m = /^DynamoDB Local at http:\/\/127\.0\.0\.1:(\d+) \(pid (\d+)\)/.exec(line);
      if (m) [seen.ddbPort, seen.ddbPid] = [Number(m[1]), Number(m[2])];
      m = /^CORS proxy at http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
      if (m) seen.proxyPort = Number(m[1]);
      if (line.startsWith('workbench at')) resolve();
    });
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, port, exited, ...seen };
}

async function assertAllStopped(run) {
  const deadline = Date.now() + 15000;
  for (const port of [run.port, run.proxyPort, run.ddbPort]) {
    while (await listening(port)) {
      assert.ok(Date.now() < deadline, `port ${port} still open after stop`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  assert.equal(alive(run.ddbPid), false, 'DynamoDB Local stopped');
  assert.deepEqual(groupMembers(run.child.pid), [], 'no process of the script is left');
}

test('scripts/www.sh stops DynamoDB Local, the proxy and the server on Ctrl-C', { timeout: 120000 }, async () => {
  const run = await startScript();
  for (const port of [run.port, run.proxyPort, run.ddbPort]) assert.equal(await listening(port), true, `port ${port} is up`);
  assert.equal(await get(run.port, '/www/'), 200);
  // Ctrl-C in a terminal sends SIGINT to the whole foreground process group.
  process.kill(-run.child.pid, 'SIGINT');
  await run.exited;
  await assertAllStopped(run);
});

test('scripts/www.sh stops everything it started on SIGTERM to the script alone', { timeout: 120000 }, async () => {
  const run = await startScript();
  process.kill(run.child.pid, 'SIGTERM');
  await run.exited;
  await assertAllStopped(run);
});
