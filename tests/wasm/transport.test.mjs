// The fetch transport from JS: abort signals and timeouts (per call and per
// client), a custom fetch, extra headers, a credentials provider refreshed
// before expiry, and refused redirects. DynamoDB Local is the server; two
// small loopback servers play a redirecting endpoint and one that never
// answers (host contracts, not stand-ins for DynamoDB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { Client, RynamoTransportError, RynamoTimeoutError } from '../../adapter-wasm/pkg/node.mjs';

const endpoint = process.env.DYNAMODB_ENDPOINT;
const prefix = `transport-${process.pid}-${Date.now()}-`;
const config = { endpoint, credentials: { accessKeyId: 'wasm', secretAccessKey: 'local' }, tablePrefix: prefix };
const db = new Client(config);
const servers = [];

function serve(handler) {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    servers.push(server);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`));
  });
}

before(async () => {
  assert.ok(endpoint, 'DYNAMODB_ENDPOINT is set by scripts/test-wasm.sh');
  await db.createTable('t', { hashKey: { name: 'pk', type: 'S' } });
  await db.put('t', { pk: 'a', n: 1 });
});
after(() => { for (const s of servers) { s.closeAllConnections(); s.close(); } });

test('an aborted call rejects with the signal reason and is not retried', async () => {
  const silent = await serve(() => {}); // accepts and never answers
  let sent = 0;
  const client = new Client({ ...config, endpoint: silent, fetch: (url, init) => { sent++; return fetch(url, init); } });
  const controller = new AbortController();
  const pending = client.get('t', { pk: 'a' }, { signal: controller.signal });
  setTimeout(() => controller.abort(new Error('user gave up')), 50);
  await assert.rejects(pending, /user gave up/);
  assert.equal(sent, 1);
  await assert.rejects(client.get('t', { pk: 'a' }, { timeout: 100 }), (e) => e.name === 'TimeoutError');
  const slowClient = new Client({ ...config, endpoint: silent, timeout: 100 });
  await assert.rejects(slowClient.get('t', { pk: 'a' }), (e) => e.name === 'TimeoutError');
  // A per-call timeout overrides the client's; a quick call is unaffected.
  assert.equal((await new Client({ ...config, timeout: 5000 }).get('t', { pk: 'a' }, { timeout: 10000 })).n, 1);
});

test('against a silent server each attempt is aborted at attemptTimeout and the call fails by its total timeout', async () => {
  let received = 0;
  let closed = 0;
  const silent = await serve((req) => { received++; req.socket.on('close', () => closed++); });
  const client = new Client({ ...config, endpoint: silent, attemptTimeout: 150, timeout: 500 });
  const started = Date.now();
  await assert.rejects(client.get('t', { pk: 'a' }), (e) => {
    assert.ok(e instanceof RynamoTimeoutError, `${e}`);
    assert.equal(e.name, 'TimeoutError');
    assert.equal(e.deadline, 'total');
    assert.ok(e.attempts >= 2 && e.attempts <= 4, `${e.attempts} attempts: ${e}`);
    assert.equal(e.retryable, false);
    return true;
  });
  const elapsed = Date.now() - started;
  // Ten attempts of 150 ms would take 1.5 s and more.
  assert.ok(elapsed >= 450 && elapsed < 1200, `${elapsed} ms`);
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.ok(received >= 2, `${received}`);
  // Every abandoned attempt's fetch was aborted: its connection is gone.
  assert.equal(closed, received);

  // Without a total, the last attempt's deadline surfaces after exactly maxAttempts.
  received = 0;
  const bounded = new Client({ ...config, endpoint: silent, attemptTimeout: 100, maxAttempts: 3 });
  await assert.rejects(bounded.get('t', { pk: 'a' }), (e) => e.name === 'TimeoutError' && e.deadline === 'attempt' && e.attempts === 3 && e.retryable === true);
  assert.equal(received, 3);
});

test('each page of a query or scan gets the whole timeout, however long the caller takes between pages', async () => {
  await db.batchWrite('t', { puts: [{ pk: 'p1' }, { pk: 'p2' }, { pk: 'p3' }] });
  let pages = 0;
  for await (const page of new Client({ ...config, timeout: 300 }).scan('t', { pageSize: 1 })) {
    pages += page.items.length;
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
  assert.equal(pages, 4);
});

test('a custom fetch sends every request, with the extra headers', async () => {
  const seen = [];
  const client = new Client({
    ...config,
    headers: { 'x-tenant': 'blue' },
    fetch: async (url, init) => { seen.push({ url, tenant: init.headers['x-tenant'], redirect: init.redirect }); return fetch(url, init); },
  });
  assert.equal((await client.get('t', { pk: 'a' })).n, 1);
  assert.deepEqual(seen, [{ url: `${endpoint}/`, tenant: 'blue', redirect: 'manual' }]);
  assert.throws(() => new Client({ ...config, fetch: 'nope' }), TypeError);
});

test('without an endpoint, requests go to the region\'s DynamoDB, signed for that region', async () => {
  const seen = [];
  // The fetch answers itself: nothing leaves this machine.
  const answer = async (url, init) => {
    seen.push([url, /Credential=\w+\/\d+\/([\w-]+)\//.exec(init.headers.authorization)[1]]);
    return new Response('{"Item":{"pk":{"S":"a"}}}', { status: 200 });
  };
  const credentials = { accessKeyId: 'AKID', secretAccessKey: 'secret' };
  for (const [region, url] of [
    ['eu-west-1', 'https://dynamodb.eu-west-1.amazonaws.com/'],
    ['cn-north-1', 'https://dynamodb.cn-north-1.amazonaws.com.cn/'],
  ]) {
    seen.length = 0;
    const client = new Client({ region, credentials, fetch: answer });
    assert.deepEqual(await client.get('notes', { pk: 'a' }), { pk: 'a' });
    assert.equal(seen.length, 1);
    assert.equal(seen[0][0], url);
    assert.equal(seen[0][1], region, 'signed for the region');
  }
  assert.throws(() => new Client({ credentials }), { name: 'TypeError', message: 'config.region (or config.endpoint) is required' });
});

test('an error carries its reply\'s request ID, kept as the native client keeps it', async () => {
  const refusal = (id) => async () => new Response('{"__type":"com.amazon.coral.validate#ValidationException","message":"no"}', { status: 400, headers: { 'x-amzn-RequestId': id } });
  const requestId = (id) => new Client({ ...config, fetch: refusal(id), maxAttempts: 1 }).get('notes', { pk: 'a' }).then(
    () => assert.fail('the get must fail'), (e) => e.requestId);
  assert.equal(await requestId('RLJ5V6NJOF9TGMC7SA6NGRU8FNVV4KQNSO5AEMVJF66Q9ASUAAJG'), 'RLJ5V6NJOF9TGMC7SA6NGRU8FNVV4KQNSO5AEMVJF66Q9ASUAAJG');
  // A hostile server's: too long, or not printable ASCII.
  assert.equal(await requestId('x'.repeat(129)), undefined);
  assert.equal(await requestId('has space'), undefined);
});

test('without credentials, the environment\'s (Node, Lambda); without those, only with an endpoint', async () => {
  const names = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];
  const saved = names.map((name) => process.env[name]);
  const signed = [];
  const answer = async (url, init) => {
    signed.push([/Credential=(\w+)\//.exec(init.headers.authorization)[1], init.headers['x-amz-security-token'] ?? null]);
    return new Response('{}', { status: 200 });
  };
  try {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'ASIAENV', AWS_SECRET_ACCESS_KEY: 'env-secret', AWS_SESSION_TOKEN: 'env-token' });
    await new Client({ region: 'eu-west-1', fetch: answer }).get('notes', { pk: 'a' });
    await new Client({ endpoint, fetch: answer }).get('notes', { pk: 'a' });
    for (const name of names) delete process.env[name];
    assert.throws(() => new Client({ region: 'eu-west-1', fetch: answer }), { name: 'TypeError', message: /^config\.credentials is required for AWS/ });
    await new Client({ endpoint, fetch: answer }).get('notes', { pk: 'a' });
  } finally {
    names.forEach((name, i) => { if (saved[i] === undefined) delete process.env[name]; else process.env[name] = saved[i]; });
  }
  assert.deepEqual(signed, [['ASIAENV', 'env-token'], ['ASIAENV', 'env-token'], ['local', null]]);
});

test('a credentials provider is called once, and again when its credentials are due for a refresh', async (t) => {
  const realNow = Date.now;
  t.after(() => { Date.now = realNow; });
  const keys = [];
  let calls = 0;
  const client = new Client({
    ...config,
    credentials: async () => {
      calls++;
      // The first credentials live two minutes (due at half their life), the second an hour.
      return { accessKeyId: `AKID${calls}`, secretAccessKey: 's', sessionToken: `token${calls}`, expiration: new Date(Date.now() + (calls === 1 ? 120_000 : 3_600_000)) };
    },
    fetch: (url, init) => { keys.push([/Credential=(\w+)\//.exec(init.headers.authorization)[1], init.headers['x-amz-security-token']]); return fetch(url, init); },
  });
  await client.get('t', { pk: 'a' });
  await client.get('t', { pk: 'a' });
  // A minute on (the transport's clock is Date.now; the retry loop's is performance.now).
  Date.now = () => realNow() + 61_000;
  await client.get('t', { pk: 'a' });
  await client.get('t', { pk: 'a' });
  assert.equal(calls, 2);
  assert.deepEqual(keys, [['AKID1', 'token1'], ['AKID1', 'token1'], ['AKID2', 'token2'], ['AKID2', 'token2']]);
  const failing = new Client({ ...config, credentials: async () => { throw new Error('no session'); } });
  await assert.rejects(failing.get('t', { pk: 'a' }), (e) => e instanceof RynamoTransportError && /no session/.test(e.message) && e.retryable === false);
});

// A server whose clock is `ahead` ms ahead of this machine's, in front of
// DynamoDB Local (which checks no signing time): it refuses a request
// signed (x-amz-date) more than 15 minutes off its clock as DynamoDB does,
// naming its time, and forwards the rest (tests/src/faults.rs's
// Fault::ClockOff for the native client).
function clockOff(ahead) {
  const seen = { requests: 0, refused: 0 };
  const basic = (ms) => new Date(ms).toISOString().replace(/[-:]|\.\d+/g, '');
  const url = serve(async (req, res) => {
    seen.requests++;
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const d = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(req.headers['x-amz-date']);
    const signedAt = Date.UTC(d[1], d[2] - 1, d[3], d[4], d[5], d[6]);
    const now = Date.now() + ahead;
    const window = 15 * 60_000;
    const message = signedAt < now - window
      ? `Signature expired: ${req.headers['x-amz-date']} is now earlier than ${basic(now - window)} (${basic(now)} - 15 min.)`
      : signedAt > now + window
        ? `Signature not yet current: ${req.headers['x-amz-date']} is still later than ${basic(now + window)} (${basic(now)} + 15 min.)`
        : undefined;
    if (message !== undefined) {
      seen.refused++;
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ __type: 'com.amazon.coral.service#InvalidSignatureException', message }));
      return;
    }
    const headers = { ...req.headers };
    delete headers.host;
    delete headers['content-length'];
    const upstream = await fetch(endpoint, { method: 'POST', headers, body: Buffer.concat(chunks) });
    res.writeHead(upstream.status, { 'content-type': 'application/x-amz-json-1.0' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  return { url, seen };
}

test('a clock twenty minutes off the server\'s costs one refused request, then none', async () => {
  for (const ahead of [20 * 60_000, -20 * 60_000]) {
    const { url, seen } = clockOff(ahead);
    // One attempt: the correction is the transport's, not a retry.
    const client = new Client({ ...config, endpoint: await url, maxAttempts: 1 });
    await client.put('t', { pk: `skew${ahead}`, n: 2 });
    assert.deepEqual(seen, { requests: 2, refused: 1 });
    assert.deepEqual(await client.get('t', { pk: `skew${ahead}` }), { pk: `skew${ahead}`, n: 2 });
    assert.deepEqual(seen, { requests: 3, refused: 1 }, 'later requests are signed at the server\'s time');
    assert.deepEqual(await db.get('t', { pk: `skew${ahead}` }), { pk: `skew${ahead}`, n: 2 });
  }
});

test('behind a proxy on Node (whose fetch ignores HTTPS_PROXY), a fetch with undici\'s ProxyAgent sends every request through it', async () => {
  // A loopback forward proxy: CONNECT tunnels, as corporate proxies give.
  const tunnels = [];
  const proxy = http.createServer();
  proxy.on('connect', (req, socket, head) => {
    tunnels.push(req.url);
    const [host, port] = req.url.split(':');
    const upstream = net.connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  servers.push(proxy);
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  // The README's recipe.
  const { ProxyAgent, fetch: undiciFetch } = await import('undici');
  const agent = new ProxyAgent(`http://127.0.0.1:${proxy.address().port}`);
  try {
    const client = new Client({ ...config, fetch: (url, init) => undiciFetch(url, { ...init, dispatcher: agent }) });
    assert.deepEqual(await client.get('t', { pk: 'a' }), { pk: 'a', n: 1 });
    await client.put('t', { pk: 'proxied', n: 2 });
    assert.deepEqual(await db.get('t', { pk: 'proxied' }), { pk: 'proxied', n: 2 });
    assert.ok(tunnels.length >= 1, 'the requests went through the proxy');
    assert.ok(tunnels.every((t) => t === new URL(endpoint).host), tunnels.join());
  } finally {
    await agent.close();
  }
});

test('a redirect is refused with a typed error, never followed with the signed request', async () => {
  let followed = 0;
  const target = await serve((req, res) => { followed++; res.end('{}'); });
  const redirecting = await serve((req, res) => { res.writeHead(307, { location: target }); res.end(); });
  const client = new Client({ ...config, endpoint: redirecting });
  await assert.rejects(client.get('t', { pk: 'a' }), (e) => e instanceof RynamoTransportError && e.kind === 'Request' && /redirect \(HTTP 307\)/.test(e.message));
  assert.equal(followed, 0);
});

test('the transport options are checked when the client is made, with TypeErrors naming them', async () => {
  const bad = (options, message) => assert.throws(() => new Client({ ...config, ...options }), (e) => e instanceof TypeError && e.message === message);
  bad({ headers: { 'x-tenant': 5 } }, 'config.headers values are strings');
  bad({ maxReplyBytes: -1 }, '`maxReplyBytes` is a whole number of at least 0');
  bad({ maxReplyBytes: 1.5 }, '`maxReplyBytes` is a whole number of at least 0');
  bad({ maxReplyBytes: '5' }, '`maxReplyBytes` is a whole number of at least 0');
  bad({ fetch: {} }, 'config.fetch must be a function like fetch');
  // The plain-http refusal comes first.
  bad({ endpoint: 'http://10.0.0.1:8000', fetch: 'nope' }, 'config.endpoint: refusing plain http to a host that is not loopback (signed '
    + 'requests and session tokens would be sent in clear text); use https, or set allowHttp: true');
  // null and undefined mean not given; without credentials the client signs as `local`.
  const seen = [];
  const client = new Client({
    endpoint, tablePrefix: prefix, headers: null, maxReplyBytes: undefined,
    fetch: (url, init) => { seen.push([/Credential=(\w+)\//.exec(init.headers.authorization)[1], init.headers['x-amz-security-token']]); return fetch(url, init); },
  });
  assert.equal((await client.get('t', { pk: 'a' })).n, 1);
  assert.deepEqual(seen, [['local', undefined]]);
  // A limit the reply passes.
  await assert.rejects(new Client({ ...config, maxReplyBytes: 10 }).get('t', { pk: 'a' }), (e) => e instanceof RynamoTransportError && e.kind === 'ReplyTooLarge');
});

test('an error reply without __type is named HttpError and its status', async () => {
  const bare = await serve((req, res) => {
    req.resume();
    req.on('end', () => { res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' }); res.end('{}'); });
  });
  await assert.rejects(new Client({ ...config, endpoint: bare }).get('t', { pk: 'a' }),
    (e) => e.name === 'HttpError400' && e.httpStatusCode === 400);
});
