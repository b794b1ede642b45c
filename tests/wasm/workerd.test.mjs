// The edge example (examples/worker: a Rust worker on a Rynamo model) in
// Cloudflare's workerd on loopback, against DynamoDB Local. Run by
// scripts/test-wasm.sh after it builds examples/worker/pkg.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
// Table creation is administration, not the worker's job: the test creates
// the table with the rynamo JS package (built by scripts/test-wasm.sh).
const { Client } = require('../../adapter-wasm/pkg/node/rynamo_wasm.js');
const here = path.dirname(fileURLToPath(import.meta.url));
const workerDir = path.join(here, '../../examples/worker');
const endpoint = process.env.DYNAMODB_ENDPOINT;
let workerd;
let base;

const freePort = () => new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

before(async () => {
  assert.ok(endpoint, 'DYNAMODB_ENDPOINT is set by scripts/test-wasm.sh');
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "worker.mjs"),
    (name = "pkg/rynamo_worker_example.js", esModule = embed "pkg/rynamo_worker_example.js"),
    (name = "pkg/rynamo_worker_example_bg.wasm", wasm = embed "pkg/rynamo_worker_example_bg.wasm"),
  ],
  compatibilityDate = "2024-09-23",
  bindings = [ (name = "DYNAMODB_ENDPOINT", text = "${endpoint}") ],
  globalOutbound = "loopback",
);
`;
  const file = path.join(workerDir, 'workerd.generated.capnp');
  writeFileSync(file, config);
  workerd = spawn(path.join(workerDir, 'node_modules/.bin/workerd'), ['serve', file], { stdio: ['ignore', 'inherit', 'inherit'] });
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`${base}/nothing`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('workerd did not start');
});

after(() => workerd?.kill());

const call = async (method, route, body) => {
  const response = await fetch(base + route, { method, body: body && JSON.stringify(body) });
  return { status: response.status, json: await response.json() };
};

test('the worker serves CRUD and queries over a Rynamo model from workerd', async () => {
  const db = new Client({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await db.createTable('notes', { hashKey: { name: 'user', type: 'S' }, rangeKey: { name: 'id', type: 'S' } });
  assert.equal((await call('PUT', '/notes', { user: 'ada', id: 'n1', text: 'hello', stars: 3 })).status, 201);
  assert.equal((await call('PUT', '/notes', { user: 'ada', id: 'n2', text: 'world', stars: 5 })).status, 201);
  const dup = await call('PUT', '/notes', { user: 'ada', id: 'n1', text: 'again', stars: 1 });
  assert.equal(dup.status, 409, 'saving an existing note is a conflict');
  const got = await call('GET', '/notes/ada/n1');
  assert.deepEqual(got, { status: 200, json: { user: 'ada', id: 'n1', text: 'hello', stars: 3 } });
  assert.equal((await call('GET', '/notes/ada/none')).status, 404);
  const starred = await call('GET', '/notes/ada?min_stars=4');
  assert.deepEqual(starred.json.map((n) => n.id), ['n2']);
  const bad = await call('PUT', '/notes', { user: 'ada', id: 'n3', text: 'x', stars: 'many' });
  assert.equal(bad.status, 400);
});
