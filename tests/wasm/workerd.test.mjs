// The edge example (examples/worker: a Rust worker on a Rynamo model) in
// Cloudflare's workerd on loopback, run with the example's own
// config.capnp, its settings in environment bindings, against DynamoDB
// Local. Run by scripts/test-wasm.sh after it builds examples/worker/pkg.
//
// The worker reaches DynamoDB Local through a loopback proxy of this
// test's (test infrastructure, never a stand-in for DynamoDB): it checks
// every request's SigV4 signature with its own implementation (node:crypto)
// against what actually arrived — Host header and path — as DynamoDB does,
// and answers some marked requests with the faults DynamoDB sends
// (throttling, internal errors) so the status mapping can be seen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

// Table creation is administration, not the worker's job: the test creates
// the table with the rynamo JS package (built by scripts/test-wasm.sh).
import { Client } from '../../adapter-wasm/pkg/node.mjs';
const here = path.dirname(fileURLToPath(import.meta.url));
const workerDir = path.join(here, '../../examples/worker');
const endpoint = process.env.DYNAMODB_ENDPOINT;
const bindings = {
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIDWORKERBINDING',
  AWS_SECRET_ACCESS_KEY: 'worker/secret+from=binding',
  AWS_SESSION_TOKEN: 'session/token+from=binding',
};
// Each run its own table (through the worker's TABLE_PREFIX binding), so a
// second run against the same DynamoDB Local does not meet the first's.
const tablePrefix = `run${Date.now().toString(36)}${process.pid}_`;
const seen = []; // every request the proxy received: { host, path, target, credential, body }
let workerd;
let proxy;
let base;

const freePort = () => new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

// SigV4 as DynamoDB checks it (service "dynamodb", POST, no query): the
// canonical URI is the path as received, encoded once more.
const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const hmac = (key, data) => createHmac('sha256', key).update(data).digest();
const encodePath = (p) => p.replace(/[^A-Za-z0-9\-._~/]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
function signatureProblem(req, body) {
  const auth = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/dynamodb\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(req.headers.authorization ?? '');
  if (!auth) return `malformed authorization: ${req.headers.authorization}`;
  const [, keyId, day, region, signedHeaders, signature] = auth;
  if (keyId !== bindings.AWS_ACCESS_KEY_ID || region !== bindings.AWS_REGION) return `signed for ${keyId} in ${region}`;
  if (req.headers['x-amz-security-token'] !== bindings.AWS_SESSION_TOKEN) return 'no session token';
  const names = signedHeaders.split(';');
  if (!names.includes('host')) return 'host is not signed';
  const canonical = ['POST', encodePath(req.url), '',
    ...names.map((n) => `${n}:${String(req.headers[n] ?? '').trim()}`), '', signedHeaders, sha256(body)].join('\n');
  const amzDate = req.headers['x-amz-date'];
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, `${day}/${region}/dynamodb/aws4_request`, sha256(canonical)].join('\n');
  let key = hmac(`AWS4${bindings.AWS_SECRET_ACCESS_KEY}`, day);
  for (const part of [region, 'dynamodb', 'aws4_request']) key = hmac(key, part);
  const expected = createHmac('sha256', key).update(stringToSign).digest('hex');
  return expected === signature ? null : `signature mismatch over:\n${canonical}`;
}

async function startProxy(target) {
  const upstream = new URL(target);
  const handler = (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = body.toString('utf8');
      seen.push({ host: req.headers.host, path: req.url, target: req.headers['x-amz-target'], body: text });
      const fault = (status, type, message) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }));
      };
      const problem = signatureProblem(req, body);
      if (problem) return fault(403, 'InvalidSignatureException', problem);
      if (!req.url.startsWith('/dynamodb')) return fault(404, 'UnknownOperationException', `posted to ${req.url}`);
      if (text.includes('"throttle-me"')) return fault(400, 'ThrottlingException', 'Rate of requests exceeds the allowed throughput.');
      if (text.includes('"fail-me"')) return fault(500, 'InternalServerError', 'Internal server error');
      const forward = http.request(
        { host: upstream.hostname, port: upstream.port, method: 'POST', path: '/', headers: { ...req.headers, host: upstream.host } },
        (reply) => {
          res.writeHead(reply.statusCode, reply.headers);
          reply.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  };
  // Both loopback addresses: `localhost` may resolve to 127.0.0.1 or ::1.
  const listen = (server, port, host) => new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server.address().port));
  });
  proxy = [http.createServer(handler)];
  const port = await listen(proxy[0], 0, '127.0.0.1');
  const v6 = http.createServer(handler);
  try {
    await listen(v6, port, '::1');
    proxy.push(v6);
  } catch {
    // No IPv6 loopback here: localhost is 127.0.0.1.
  }
  return port;
}

before(async () => {
  assert.ok(endpoint, 'DYNAMODB_ENDPOINT is set by scripts/test-wasm.sh');
  const db = new Client({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await db.createTable(`${tablePrefix}notes`, { hashKey: { name: 'user', type: 'S' }, rangeKey: { name: 'id', type: 'S' } });
  const proxyPort = await startProxy(endpoint);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // Upper-case host and a path: both must be signed as fetch sends them.
  const env = { ...process.env, ...bindings, DYNAMODB_ENDPOINT: `http://LOCALHOST:${proxyPort}/dynamodb` };
  env.TABLE_PREFIX = tablePrefix;
  workerd = spawn(path.join(workerDir, 'node_modules/.bin/workerd'),
    ['serve', path.join(workerDir, 'config.capnp'), '--socket-addr', `http=127.0.0.1:${port}`],
    { stdio: ['ignore', 'inherit', 'inherit'], env });
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

after(() => {
  workerd?.kill();
  for (const server of proxy ?? []) server.close();
});

const call = async (method, route, body) => {
  const response = await fetch(base + route, { method, body: body && JSON.stringify(body) });
  return { status: response.status, json: await response.json(), headers: response.headers };
};

test('the worker serves CRUD and queries over a Rynamo model from workerd', async () => {
  assert.equal((await call('PUT', '/notes', { user: 'ada', id: 'n1', text: 'hello', stars: 3 })).status, 201);
  assert.equal((await call('PUT', '/notes', { user: 'ada', id: 'n2', text: 'world', stars: 5 })).status, 201);
  const dup = await call('PUT', '/notes', { user: 'ada', id: 'n1', text: 'again', stars: 1 });
  assert.equal(dup.status, 409, 'saving an existing note is a conflict');
  const got = await call('GET', '/notes/ada/n1');
  assert.deepEqual({ status: got.status, json: got.json }, { status: 200, json: { user: 'ada', id: 'n1', text: 'hello', stars: 3 } });
  assert.equal((await call('GET', '/notes/ada/none')).status, 404);
  const starred = await call('GET', '/notes/ada?min_stars=4');
  assert.deepEqual(starred.json.map((n) => n.id), ['n2']);
  const bad = await call('PUT', '/notes', { user: 'ada', id: 'n3', text: 'x', stars: 'many' });
  assert.equal(bad.status, 400);
});

test('credentials, region and endpoint come from the bindings, signed as fetch sends them', async () => {
  seen.length = 0;
  assert.equal((await call('GET', '/notes/ada/n1')).status, 200, 'the proxy accepted the signature');
  assert.equal(seen.length, 1);
  // fetch lower-cases the host and posts to the endpoint's path.
  assert.match(seen[0].host, /^localhost:\d+$/);
  assert.equal(seen[0].path, '/dynamodb');
  assert.equal(JSON.parse(seen[0].body).TableName, `${tablePrefix}notes`, 'the TABLE_PREFIX binding names the table');
});

test('path segments are percent-decoded', async () => {
  assert.equal((await call('PUT', '/notes', { user: 'Zoë Smith', id: 'n1', text: 'hi', stars: 2 })).status, 201);
  const got = await call('GET', '/notes/Zo%C3%AB%20Smith/n1');
  assert.equal(got.status, 200);
  assert.deepEqual(got.json, { user: 'Zoë Smith', id: 'n1', text: 'hi', stars: 2 });
  const listed = await call('GET', '/notes/Zo%C3%AB%20Smith');
  assert.deepEqual(listed.json.map((n) => n.user), ['Zoë Smith']);
  assert.equal((await call('GET', '/notes/%FF/n1')).status, 400, 'a path that is not UTF-8 is refused');
});

test('query strings are parsed as query strings: limit and min_stars both apply', async () => {
  for (let i = 0; i < 8; i++) {
    const stars = i % 2 === 0 ? 5 : 1; // n0, n2, n4, n6 have 5 stars
    assert.equal((await call('PUT', '/notes', { user: 'grace', id: `n${i}`, text: 't', stars })).status, 201);
  }
  const both = await call('GET', '/notes/grace?limit=3&min_stars=4');
  assert.equal(both.status, 200);
  assert.deepEqual(both.json.map((n) => n.id), ['n0', 'n2', 'n4']);
  const reversedOrder = await call('GET', '/notes/grace?min_stars=4&limit=2');
  assert.deepEqual(reversedOrder.json.map((n) => n.id), ['n0', 'n2']);
  const encoded = await call('GET', '/notes/grace?min%5Fstars=%35');
  assert.deepEqual(encoded.json.map((n) => n.id), ['n0', 'n2', 'n4', 'n6']);
  const all = await call('GET', '/notes/grace?limit=5');
  assert.equal(all.json.length, 5);
});

test('a bad query value is a 400, never read as 0', async () => {
  for (const query of ['min_stars=abc', 'min_stars=', 'min_stars=-1', 'limit=0', 'limit=x&min_stars=4', 'stars=4', 'limit=1&limit=2']) {
    const reply = await call('GET', `/notes/grace?${query}`);
    assert.equal(reply.status, 400, query);
    assert.equal(typeof reply.json.error, 'string', query);
  }
});

test('a DynamoDB ValidationException is a 400', async () => {
  // DynamoDB limits a range key to 1,024 bytes; DynamoDB Local answers
  // with a ValidationException.
  seen.length = 0;
  const reply = await call('GET', `/notes/ada/${'x'.repeat(1100)}`);
  assert.equal(reply.status, 400, JSON.stringify(reply.json));
  // Refused by DynamoDB here (or, once the core checks key sizes itself,
  // before sending): either way the caller's mistake, not the upstream's.
  assert.ok(seen.length <= 1);
});

test('throttling is a 429 with retry-after, after the core retried it', async () => {
  seen.length = 0;
  const reply = await call('PUT', '/notes', { user: 'throttle-me', id: 'n1', text: 't', stars: 1 });
  assert.equal(reply.status, 429, JSON.stringify(reply.json));
  assert.equal(reply.headers.get('retry-after'), '1');
  // Retried through the core's retry loop, with the worker's policy of
  // three attempts (the SDK's): the caller waits for two short backoffs.
  assert.equal(seen.length, 3, `attempts through the core's retry loop`);
});

test('only upstream failures are a 502', async () => {
  seen.length = 0;
  const reply = await call('PUT', '/notes', { user: 'fail-me', id: 'n1', text: 't', stars: 1 });
  assert.equal(reply.status, 502, JSON.stringify(reply.json));
  assert.match(reply.json.error, /Internal server error/);
  assert.equal(seen.length, 3, 'a 500 is retried like throttling, three attempts in all');
});

// Last in the file: it drains the worker's retry quota.
test('one client per isolate: failing calls drain its retry quota across requests, then calls fail without retrying', async () => {
  // The quota (500 tokens, 5 per retry, 1 back per call that needed none)
  // belongs to the worker's one client, so it is shared by requests: each
  // failing call's two retries take 10 until a retry costs more than is
  // left, and from then on a failing call makes one attempt. (With a
  // client per request every call starts with a full quota: this test
  // fails, 60 calls of three attempts each.)
  const attempts = [];
  for (let i = 0; i < 60; i++) {
    seen.length = 0;
    const reply = await call('PUT', '/notes', { user: 'fail-me', id: `q${i}`, text: 't', stars: 1 });
    assert.equal(reply.status, 502, JSON.stringify(reply.json));
    attempts.push(seen.length);
    if (seen.length === 1) break;
  }
  const drained = attempts.indexOf(1);
  assert.ok(drained > 40, `retried while the quota lasted (attempts per call: ${attempts})`);
  assert.ok(attempts.slice(0, drained).every((n) => n === 3), `three attempts per call until then: ${attempts}`);
  seen.length = 0;
  await call('PUT', '/notes', { user: 'fail-me', id: 'after', text: 't', stars: 1 });
  assert.equal(seen.length, 1, 'still drained for the next request');
});
