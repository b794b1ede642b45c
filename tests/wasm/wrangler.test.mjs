// Workers as `wrangler deploy` ships them: wrangler (pinned in
// tests/wasm/package.json) bundles with `--dry-run --outdir`, and what it
// wrote is served by workerd against DynamoDB Local.
// - The edge example by examples/worker/wrangler.toml: the deploy config in
//   the README is exercised, not only build.sh's imitation of it, and the
//   size build.sh measures is checked against what wrangler uploads.
// - A JS worker on the npm package (`npm pack` of adapter-wasm/pkg,
//   installed offline into a fresh project), as a Workers user writes one.
//
// wrangler runs in a copy of the built example (worker.mjs, pkg/ and
// wrangler.toml without its [build] table, whose build.sh
// scripts/test-wasm.sh has run): a build here would rewrite pkg/ while the
// other test files run the worker from it.
//
// Offline: WRANGLER_HIDE_BANNER skips the banner and its npm update check,
// WRANGLER_SEND_METRICS=false the metrics; a dry run needs no account.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import path from 'node:path';

import { Client } from '../../adapter-wasm/pkg/node.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const workerDir = path.join(here, '../../examples/worker');
const endpoint = process.env.DYNAMODB_ENDPOINT;
const tablePrefix = `wrangler${Date.now().toString(36)}${process.pid}_`;
const scratch = mkdtempSync(path.join(tmpdir(), 'rynamo-wrangler-'));
const copy = path.join(scratch, 'worker');
const out = path.join(copy, 'out');
let wrangler; // { stdout, files }
const workerds = [];
let base;

const freePort = () => new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

/** `wrangler deploy --dry-run --outdir <dir>/out` in `dir`: its output and files. */
function deploy(dir) {
  const run = spawnSync(path.join(here, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', path.join(dir, 'out')], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_HIDE_BANNER: 'true', WRANGLER_SEND_METRICS: 'false', CI: '1' },
    // A hang fails the test (status null) rather than the suite.
    timeout: 120_000,
  });
  assert.equal(run.status, 0, `wrangler deploy --dry-run failed:\n${run.stdout}\n${run.stderr}`);
  return { stdout: run.stdout, files: readdirSync(path.join(dir, 'out')) };
}

/** workerd serving wrangler's output in `dir/out` with `bindings`: its base URL. */
async function serve(dir, files, date, bindings) {
  const wasm = files.filter((f) => f.endsWith('.wasm')).map((f) => `(name = "${f}", wasm = embed "${f}")`);
  writeFileSync(path.join(dir, 'out/config.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker), (name = "loopback", network = (allow = ["public", "private", "local"])) ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js"), ${wasm.join(', ')} ],
  compatibilityDate = "${date}",
  bindings = [ ${Object.entries(bindings).map(([k, v]) => `(name = "${k}", text = "${v}")`).join(', ')} ],
  globalOutbound = "loopback",
);
`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  workerds.push(spawn(path.join(workerDir, 'node_modules/.bin/workerd'),
    ['serve', path.join(dir, 'out/config.capnp'), '--socket-addr', `http=127.0.0.1:${port}`],
    { stdio: ['ignore', 'inherit', 'inherit'] }));
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`${url}/nothing`);
      return url;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('workerd did not start');
}

before(async () => {
  assert.ok(endpoint, 'DYNAMODB_ENDPOINT is set by scripts/test-wasm.sh');
  const toml = readFileSync(path.join(workerDir, 'wrangler.toml'), 'utf8');
  const build = /^\[build\]\ncommand = "\.\/build\.sh"\n/m;
  assert.match(toml, build, 'wrangler.toml builds with build.sh');
  cpSync(path.join(workerDir, 'pkg'), path.join(copy, 'pkg'), { recursive: true });
  cpSync(path.join(workerDir, 'worker.mjs'), path.join(copy, 'worker.mjs'));
  writeFileSync(path.join(copy, 'wrangler.toml'), toml.replace(build, ''));
  wrangler = deploy(copy);

  const db = new Client({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await db.createTable(`${tablePrefix}notes`, { hashKey: { name: 'user', type: 'S' }, rangeKey: { name: 'id', type: 'S' } });
  const date = /^compatibility_date = "([\d-]+)"$/m.exec(toml)[1];
  base = await serve(copy, wrangler.files, date,
    { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', DYNAMODB_ENDPOINT: endpoint, TABLE_PREFIX: tablePrefix });
});

after(() => {
  for (const w of workerds) w.kill();
  rmSync(scratch, { recursive: true, force: true });
});

const call = async (method, route, body) => {
  const response = await fetch(base + route, { method, body: body && JSON.stringify(body) });
  return { status: response.status, json: await response.json() };
};

test('wrangler deploy bundles what build.sh builds and measures: the same .wasm, the entry within 100 bytes gzip', () => {
  assert.match(wrangler.stdout, /Total Upload: [\d.]+ KiB \/ gzip: [\d.]+ KiB/);
  const wasm = wrangler.files.find((f) => f.endsWith('.wasm'));
  assert.deepEqual(readFileSync(path.join(out, wasm)), readFileSync(path.join(workerDir, 'pkg/rynamo_worker_example_bg.wasm')));
  // wrangler's entry differs from dist/worker.mjs only in the .wasm's
  // hashed import name: no esbuild keepNames wrappers (wrangler.toml's
  // keep_names = false; with them it was 0.6 KB more).
  const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
  const entry = gz(path.join(out, 'worker.js'));
  const ours = gz(path.join(workerDir, 'dist/worker.mjs'));
  assert.ok(Math.abs(entry - ours) <= 100, `wrangler's entry is ${entry} bytes gzip, build.sh's dist/worker.mjs ${ours}`);
});

test('the worker as wrangler bundles it serves its routes from workerd', async () => {
  assert.equal((await call('PUT', '/notes', { user: 'Zoë Smith', id: 'n1', text: 'deployed', stars: 4 })).status, 201);
  assert.equal((await call('PUT', '/notes', { user: 'Zoë Smith', id: 'n1', text: 'again', stars: 1 })).status, 409);
  const got = await call('GET', '/notes/Zo%C3%AB%20Smith/n1');
  assert.deepEqual(got, { status: 200, json: { user: 'Zoë Smith', id: 'n1', text: 'deployed', stars: 4 } });
  const listed = await call('GET', '/notes/Zo%C3%AB%20Smith?min_stars=4&limit=5');
  assert.deepEqual(listed, { status: 200, json: [{ user: 'Zoë Smith', id: 'n1', text: 'deployed', stars: 4 }] });
  assert.equal((await call('GET', '/notes/Zo%C3%AB%20Smith?min_stars=abc')).status, 400);
  assert.equal((await call('GET', '/nothing')).status, 404);
});

test('the npm package runs in a Cloudflare worker as wrangler bundles it: import { Client } from "rynamo", no init()', async () => {
  // The package as users get it, in a project of its own.
  const project = path.join(scratch, 'js-worker');
  mkdirSync(project);
  const pkg = path.join(here, '../../adapter-wasm/pkg');
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', project, pkg], { encoding: 'utf8', timeout: 60_000 }).trim().split('\n').at(-1);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', path.join(project, tarball)], { cwd: project, timeout: 60_000 });
  writeFileSync(path.join(project, 'worker.mjs'), `
import { Client, Condition, ConditionalCheckFailedException } from 'rynamo';
export default {
  async fetch(request, env) {
    const db = new Client({ endpoint: env.DYNAMODB_ENDPOINT, tablePrefix: env.TABLE_PREFIX, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    await db.put('notes', { user: 'js', id: 'n1', stars: 5, tags: new Set(['edge']) });
    let conflict = false;
    try {
      await db.put('notes', { user: 'js', id: 'n1' }, { condition: Condition.notExists('id') });
    } catch (e) {
      conflict = e instanceof ConditionalCheckFailedException;
    }
    const got = await db.get('notes', { user: 'js', id: 'n1' });
    return Response.json({ got: { ...got, tags: [...got.tags] }, conflict });
  },
};
`);
  writeFileSync(path.join(project, 'wrangler.toml'), 'name = "js-worker"\nmain = "worker.mjs"\ncompatibility_date = "2024-09-23"\n');
  const { files } = deploy(project);
  assert.equal(files.filter((f) => f.endsWith('.wasm')).length, 1, 'the .wasm is uploaded as a module of its own');
  const url = await serve(project, files, '2024-09-23', { DYNAMODB_ENDPOINT: endpoint, TABLE_PREFIX: tablePrefix });
  const response = await fetch(url);
  assert.equal(response.status, 200, await response.clone().text());
  assert.deepEqual(await response.json(), { got: { user: 'js', id: 'n1', stars: 5, tags: ['edge'] }, conflict: true });
});
