// The npm package in a browser app built with Vite, the bundler most
// browser apps use: `npm pack` of adapter-wasm/pkg installed offline into a
// fresh project, its page (`import init, { Client } from 'rynamo'; await
// init()`) run in Debian's Chromium against DynamoDB Local through the
// CORS proxy.
// - `vite build`: the .wasm is emitted as an asset and found by init().
// - Vite's dev server pre-bundles dependencies into .vite/deps/, where the
//   .wasm is not: init() then fails saying what to do, and with
//   `optimizeDeps: { exclude: ['rynamo'] }` (the README's advice) it works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startProxy } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const vite = path.join(here, 'node_modules/.bin/vite');
const project = mkdtempSync(path.join(tmpdir(), 'rynamo-vite-'));
const children = [];
let browser;

const freePort = () => new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

before(async () => {
  assert.ok(process.env.DYNAMODB_ENDPOINT, 'DYNAMODB_ENDPOINT is set by scripts/test-wasm.sh');
  const pkg = path.join(here, '../../adapter-wasm/pkg');
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', project, pkg], { encoding: 'utf8', timeout: 60_000 }).trim().split('\n').at(-1);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', path.join(project, tarball)], { cwd: project, timeout: 60_000 });
  writeFileSync(path.join(project, 'index.html'), '<!doctype html><meta charset="utf-8"><pre id="out"></pre><script type="module" src="/main.js"></script>\n');
  // The page says whether listTables gave a list, or the error.
  writeFileSync(path.join(project, 'main.js'), `import init, { Client } from 'rynamo';
const out = document.getElementById('out');
try {
  await init();
  const db = new Client({ endpoint: new URLSearchParams(location.search).get('endpoint'), credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  out.textContent = Array.isArray(await db.listTables()) ? 'listed the tables' : 'not a list';
} catch (e) {
  out.textContent = 'failed: ' + e.message;
}
`);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  for (const child of children) child.kill();
  rmSync(project, { recursive: true, force: true });
});

/** What the page at `origin` wrote, talking to DynamoDB Local through a proxy allowing `origin`. */
async function visit(origin) {
  const proxy = await startProxy([origin]);
  children.push(proxy.process);
  const page = await browser.newPage();
  await page.goto(`${origin}/?endpoint=${encodeURIComponent(proxy.endpoint)}`);
  await page.waitForFunction(() => document.getElementById('out').textContent !== '', null, { timeout: 20_000 });
  const text = await page.textContent('#out');
  await page.close();
  return text;
}

/** Vite's dev server for the project with `config`, on a free port: its origin. */
async function dev(config) {
  writeFileSync(path.join(project, 'vite.config.mjs'), `export default ${JSON.stringify(config)};\n`);
  const port = await freePort();
  const server = spawn(vite, ['--host', '127.0.0.1', '--port', String(port), '--strictPort'], { cwd: project, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(server);
  await new Promise((resolve, reject) => {
    const late = setTimeout(() => reject(new Error('vite did not start within 30 s')), 30_000);
    server.stdout.on('data', (d) => { if (String(d).includes('ready in')) { clearTimeout(late); resolve(); } });
    server.once('exit', (code) => { clearTimeout(late); reject(new Error(`vite exited with ${code}`)); });
  });
  const origin = `http://127.0.0.1:${port}`;
  return { origin, stop: () => server.kill() };
}

test('a vite build of a page on the package loads the .wasm and reaches DynamoDB', async () => {
  writeFileSync(path.join(project, 'vite.config.mjs'), 'export default {};\n');
  execFileSync(vite, ['build', '--logLevel', 'warn'], { cwd: project, timeout: 120_000 });
  const dist = path.join(project, 'dist');
  const server = http.createServer((req, res) => {
    const file = path.join(dist, new URL(req.url, 'http://x').pathname.replace(/\/$/, '/index.html'));
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': file.endsWith('.wasm') ? 'application/wasm' : file.endsWith('.js') ? 'text/javascript' : 'text/html' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    assert.equal(await visit(`http://127.0.0.1:${server.address().port}`), 'listed the tables');
  } finally {
    server.close();
  }
});

test('under the Vite dev server init() says to exclude the package from pre-bundling, and with that it works', async () => {
  const prebundled = await dev({});
  const failed = await visit(prebundled.origin);
  prebundled.stop();
  assert.match(failed, /^failed: rynamo: init\(\) could not load web\/rynamo_wasm_bg\.wasm .*optimizeDeps: \{ exclude: \['rynamo'\] \}$/);
  const excluded = await dev({ optimizeDeps: { exclude: ['rynamo'] } });
  assert.equal(await visit(excluded.origin), 'listed the tables');
  excluded.stop();
});
