// The JS transport itself (adapter-wasm/js/fetch.js, as the built Node
// package ships it: the CommonJS copy adapter-wasm/build.sh writes): the
// shared SigV4 fixtures (tests/fixtures/sigv4/<case>/, in the AWS SigV4
// test suite's layout, checked against aws-sigv4 by rynamo-native) step by
// step, the FIPS 180 and RFC 4231 vectors through the WebCrypto calls it
// makes, the endpoint normalization and plain-http refusal, and how each
// way a fetch can fail maps to a transport error kind. The fetch functions
// here are callers' own `fetch` options (an API the transport must cope
// with), not stand-ins for DynamoDB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const snippets = path.join(here, '../../adapter-wasm/pkg/node/snippets');
const [snippet] = readdirSync(snippets);
const { rynamoTransport, rynamoWith, rynamoRead, rynamoSend, sign, sha256, hmac } = createRequire(import.meta.url)(
  path.join(snippets, snippet, 'js/fetch.js'),
);
const root = path.join(here, '../fixtures/sigv4');

// The AWS SigV4 test suite's example credentials and time (2015-08-30T12:36:00Z).
const ID = 'AKIDEXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TIME = 1_440_938_160_000;
const hex = (buffer) => Buffer.from(buffer).toString('hex');
const utf8 = (text) => new TextEncoder().encode(text);

const cases = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

test('the fixtures cover the endpoint cases', () => {
  for (const name of ['uppercase-localhost', 'endpoint-with-path', 'https-default-port', 'http-default-port', 'session-token']) {
    assert.ok(cases.includes(name), name);
  }
});

for (const name of cases) {
  test(`the JS signer signs what fetch sends, step by step: ${name}`, async () => {
    const read = (file) => readFileSync(path.join(root, name, file), 'utf8');
    const request = JSON.parse(read('request.json'));
    const [requestLine, ...headerLines] = read('request.txt').split('\n\n')[0].split('\n');
    const sentPath = requestLine.split(' ')[1];
    const sentHost = headerLines.find((l) => l.startsWith('Host:')).slice('Host:'.length);
    const transport = rynamoTransport(request.endpoint, request.region, ID, SECRET, request.session_token);
    assert.equal(transport.host, sentHost, 'Host header');
    assert.equal(transport.path, sentPath, 'path');
    assert.equal(transport.url, `${request.endpoint.split('://')[0].toLowerCase()}://${sentHost}${sentPath}`, 'URL');
    const steps = await sign(transport, transport.credentials.value, request.target, utf8(request.body), TIME);
    assert.equal(steps.canonicalRequest, read('canonical-request.txt'));
    assert.equal(steps.stringToSign, read('string-to-sign.txt'));
    assert.equal(steps.headers.authorization, read('authorization.txt'));
    assert.equal(steps.headers['x-amz-date'], '20150830T123600Z');
    assert.equal(steps.headers['x-amz-security-token'], request.session_token);
    // Guards the fixture itself: its string to sign ends in the SHA-256 of its canonical request.
    assert.ok(read('string-to-sign.txt').endsWith(hex(await sha256(read('canonical-request.txt')))));
  });
}

test('signatures match aws-sigv4 for the same request and time, with and without a session token', async () => {
  // The headers rynamo-native pins for aws-sigv4 on the same request.
  const transport = rynamoTransport('https://dynamodb.us-east-1.amazonaws.com', 'us-east-1', ID, SECRET, undefined);
  const plain = await sign(transport, { accessKeyId: ID, secretAccessKey: SECRET }, 'DynamoDB_20120810.ListTables', utf8('{}'), TIME);
  assert.equal(plain.headers.authorization, 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/dynamodb/aws4_request, '
    + 'SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=75214f17608dbd636679e18f6f89744844ae96fcd228b8147167152488d817de');
  assert.equal(plain.headers['x-amz-security-token'], undefined);
  const token = { accessKeyId: ID, secretAccessKey: SECRET, sessionToken: 'SESSIONTOKENEXAMPLE' };
  const withToken = await sign(transport, token, 'DynamoDB_20120810.ListTables', utf8('{}'), TIME + 999);
  assert.equal(withToken.headers.authorization, 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/dynamodb/aws4_request, '
    + 'SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=0fdf97d3b19a85ebeaaf818ee3ade5697e737bb348ebbd8fcf2f9d802a153ac0');
  assert.equal(withToken.headers['x-amz-security-token'], 'SESSIONTOKENEXAMPLE');
  // The signing key kept for the day is the one derived again for a new day.
  const nextDay = await sign(transport, token, 'DynamoDB_20120810.ListTables', utf8('{}'), TIME + 86_400_000);
  const fresh = await sign(transport, { ...token, key: undefined }, 'DynamoDB_20120810.ListTables', utf8('{}'), TIME + 86_400_000);
  assert.equal(nextDay.headers.authorization, fresh.headers.authorization);
  assert.match(nextDay.headers.authorization, /Credential=AKIDEXAMPLE\/20150831\//);
});

test('SHA-256 matches the FIPS 180 examples across block boundaries', async () => {
  assert.equal(hex(await sha256('')), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(hex(await sha256('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  // 56 bytes: the length no longer fits the first block.
  assert.equal(hex(await sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')),
    '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  assert.equal(hex(await sha256(new Uint8Array(1_000_000).fill(0x61))), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
});

test('HMAC-SHA-256 matches RFC 4231, with a key longer than a block too', async () => {
  assert.equal(hex(await hmac('Jefe', 'what do ya want for nothing?')), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  assert.equal(hex(await hmac(new Uint8Array(131).fill(0xaa), 'Test Using Larger Than Block-Size Key - Hash Key First')),
    '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54');
});

test('endpoints are normalized as the URL parser does, so what is signed is what is sent', () => {
  const parsed = (endpoint) => {
    const { url, host, path: sentPath } = rynamoTransport(endpoint, 'us-east-1', ID, SECRET, undefined);
    return [url, host, sentPath];
  };
  assert.deepEqual(parsed('http://user:pw@Example.COM:8080/a/./b/../c?x=1#f'), ['http://example.com:8080/a/c', 'example.com:8080', '/a/c']);
  assert.deepEqual(parsed('https://h:0443/x/..'), ['https://h/', 'h', '/']);
  assert.deepEqual(parsed('http://h:'), ['http://h/', 'h', '/']);
  assert.deepEqual(parsed('HTTP://LOCALHOST:80/a b/<{}>'), ['http://localhost/a%20b/%3C%7B%7D%3E', 'localhost', '/a%20b/%3C%7B%7D%3E']);
  assert.deepEqual(parsed('http://[::1]'), ['http://[::1]/', '[::1]', '/']);
  // No scheme means https.
  assert.deepEqual(parsed(' dynamodb.local:8000/x '), ['https://dynamodb.local:8000/x', 'dynamodb.local:8000', '/x']);
});

test('plain http is refused unless the host is loopback or allowHttp is set', () => {
  const insecure = (endpoint) => rynamoRead(rynamoTransport(endpoint, 'us-east-1', ID, SECRET, undefined), 'insecure');
  for (const e of ['http://dynamodb.us-east-1.amazonaws.com', 'HTTP://Example.com:8000', 'http://127.evil.example:8000', 'http://10.0.0.1', 'http://[::2]:8000']) {
    assert.equal(insecure(e), true, e);
  }
  for (const e of ['dynamodb.local:8000/x', 'https://dynamodb.us-east-1.amazonaws.com', 'http://localhost:8000', 'http://LOCALHOST',
    'http://127.0.0.1:8000', 'http://127.1.2.3', 'http://[::1]:8000']) {
    assert.equal(insecure(e), false, e);
  }
  const transport = rynamoTransport('http://10.0.0.1', 'us-east-1', ID, SECRET, undefined);
  assert.equal(rynamoRead(rynamoWith(transport, 'allowHttp', true), 'insecure'), false);
  // The builders copy: the original still refuses.
  assert.equal(rynamoRead(transport, 'insecure'), true);
});

// One exchange through `fetch`: [status, text] or [kind, message].
const KINDS = ['Connect', 'Timeout', 'Io', 'Request', 'ReplyTooLarge'];
async function exchange(fetch, settings = {}) {
  let transport = rynamoWith(rynamoTransport('http://127.0.0.1:1', 'us-east-1', ID, SECRET, undefined), 'fetch', fetch);
  for (const [key, value] of Object.entries(settings)) transport = rynamoWith(transport, key, value);
  const [code, bytes] = await rynamoSend(transport, 'DynamoDB_20120810.ListTables', utf8('{}'));
  const text = new TextDecoder().decode(bytes);
  return code >= 0 ? [code, text] : [KINDS[-1 - code], text];
}

test('each way a fetch fails is the transport error kind the core retries or not by', async () => {
  assert.deepEqual(await exchange(() => { throw new TypeError('bad init'); }), ['Request', 'fetch: bad init']);
  assert.deepEqual(await exchange(async () => { throw new TypeError('refused'); }), ['Connect', 'fetch: refused']);
  assert.deepEqual(await exchange(() => Promise.reject('down')), ['Connect', 'fetch: down']);
  // Aborted by the caller's signal: not retried, as the same signal would abort again.
  const controller = new AbortController();
  controller.abort();
  assert.deepEqual(await exchange((url, init) => fetch(url, init), { signal: controller.signal }),
    ['Request', 'fetch: This operation was aborted']);
  assert.deepEqual(await exchange(async () => 'not a response'), ['Io', 'fetch: the reply is not a Response']);
  assert.deepEqual(await exchange(async () => new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/' } })),
    ['Request', 'redirect (HTTP 302) to `https://elsewhere.example/` refused: check the endpoint']);
  const broken = new ReadableStream({ pull(c) { c.error(new Error('reset')); } });
  assert.deepEqual(await exchange(async () => new Response(broken)), ['Io', 'read: reset']);
  // A reply without a stream is read with arrayBuffer().
  assert.deepEqual(await exchange(async () => ({ status: 200, arrayBuffer: async () => utf8('{"a":1}').buffer })), [200, '{"a":1}']);
  assert.deepEqual(await exchange(async () => ({ status: 200, arrayBuffer: () => { throw new Error('gone'); } })), ['Io', 'arrayBuffer: gone']);
  assert.deepEqual(await exchange(async () => new Response('{}', { status: 200 }), { max: 1 }),
    ['ReplyTooLarge', 'the reply passed the limit of 1 bytes (maxReplyBytes)']);
});

test('a Content-Length is decimal digits that fit a u64; only such a one refuses the reply before reading it', async () => {
  // A reply whose Content-Length is the text as given (Headers would trim it) and whose body is 2 bytes.
  const declaring = (length) => async () => ({ status: 200, headers: { get: (name) => (name === 'content-length' ? length : null) }, arrayBuffer: async () => utf8('{}').buffer });
  const over = (length) => ['ReplyTooLarge', `the reply's ${length} bytes are over the limit of 1 bytes (maxReplyBytes)`];
  assert.deepEqual(await exchange(declaring('18446744073709551615'), { max: 1 }), over('18446744073709551615'));
  assert.deepEqual(await exchange(declaring('0011'), { max: 1 }), over(11));
  assert.deepEqual(await exchange(declaring('2'), { max: 1 }), over(2));
  assert.deepEqual(await exchange(declaring('1'), { max: 1 }), ['ReplyTooLarge', 'the reply passed the limit of 1 bytes (maxReplyBytes)']);
  // Not a length: the body is read, and refused once it passes the limit.
  for (const bad of ['', '18446744073709551616', '+5', '-1', ' 5', '5 ', '1e3', '0x10']) {
    assert.deepEqual(await exchange(declaring(bad), { max: 1 }), ['ReplyTooLarge', 'the reply passed the limit of 1 bytes (maxReplyBytes)'], bad);
  }
  assert.deepEqual(await exchange(declaring('5 '), { max: 2 }), [200, '{}']);
});

test('a credentials provider whose expiration is not a time is asked again at every request', async () => {
  let calls = 0;
  const seen = [];
  const provider = async () => ({ accessKeyId: `AKID${++calls}`, secretAccessKey: 's', expiration: new Date(NaN) });
  const fetch = async (url, init) => { seen.push(/Credential=(\w+)\//.exec(init.headers.authorization)[1]); return new Response('{}'); };
  const transport = rynamoWith(rynamoWith(rynamoTransport('http://127.0.0.1:1', 'us-east-1', ID, SECRET, undefined), 'fetch', fetch), 'credentials', provider);
  await rynamoSend(transport, 'DynamoDB_20120810.ListTables', utf8('{}'));
  await rynamoSend(transport, 'DynamoDB_20120810.ListTables', utf8('{}'));
  assert.deepEqual(seen, ['AKID1', 'AKID2']);
  const keyless = rynamoWith(transport, 'credentials', async () => ({ accessKeyId: 'A' }));
  const [code, message] = await rynamoSend(keyless, 'DynamoDB_20120810.ListTables', utf8('{}'));
  assert.deepEqual([KINDS[-1 - code], new TextDecoder().decode(message)],
    ['Request', 'credentials provider: the result needs accessKeyId and secretAccessKey']);
});

// A credentials provider that answers `answer(n)` at its n-th call, 20 ms
// later, and a transport asking it, whose requests report the access key
// each was signed with (or the error). `clock.at(ms)` stops Date.now (the
// transport's only clock) `ms` past the test file's start; `clock.restore()`.
function providing(answer) {
  const provider = async () => {
    const n = ++provider.calls;
    await new Promise((resolve) => setTimeout(resolve, 20));
    return answer(n);
  };
  provider.calls = 0;
  const fetch = async (url, init) => new Response(JSON.stringify(/Credential=(\w+)\//.exec(init.headers.authorization)[1]));
  const transport = rynamoWith(rynamoWith(rynamoTransport('http://127.0.0.1:1', 'us-east-1', ID, SECRET, undefined), 'fetch', fetch), 'credentials', provider);
  const send = async () => {
    const [code, bytes] = await rynamoSend(transport, 'DynamoDB_20120810.ListTables', utf8('{}'));
    const text = new TextDecoder().decode(bytes);
    return code >= 0 ? JSON.parse(text) : [KINDS[-1 - code], text];
  };
  const many = (n) => Promise.all(Array.from({ length: n }, send));
  return { provider, send, many };
}
const realNow = Date.now;
const start = realNow();
const clock = {
  at: (ms) => { Date.now = () => start + ms; },
  restore: () => { Date.now = realNow; },
};
const HOUR = 3_600_000;
const keys = (id, n) => Array(n).fill(id);

test('one call of the credentials provider however many requests wait, before the first credentials and once they expire', async (t) => {
  t.after(clock.restore);
  clock.at(0);
  const { provider, many } = providing((n) => ({ accessKeyId: `AKID${n}`, secretAccessKey: 's', sessionToken: 't', expiration: new Date(Date.now() + HOUR) }));
  assert.deepEqual(await many(20), keys('AKID1', 20));
  assert.equal(provider.calls, 1);
  clock.at(HOUR + 1);
  assert.deepEqual(await many(20), keys('AKID2', 20));
  assert.equal(provider.calls, 2);
});

test('a failed refresh keeps signing with still-valid credentials and asks again 5 s later at the earliest', async (t) => {
  t.after(clock.restore);
  clock.at(0);
  const { provider, send, many } = providing((n) => {
    if (n === 1) return { accessKeyId: 'AKID1', secretAccessKey: 's', expiration: start + HOUR };
    if (n === 2) return { accessKeyId: 'AKID2' };
    if (n === 3) throw new Error('token service down');
    return { accessKeyId: `AKID${n}`, secretAccessKey: 's', expiration: Date.now() + HOUR };
  });
  assert.deepEqual(await send(), 'AKID1');
  // Within five minutes of the expiry: one refresh for the ten requests, a
  // result without a secret; all of them are signed with the valid ones.
  clock.at(HOUR - 4 * 60_000);
  assert.deepEqual(await many(10), keys('AKID1', 10));
  assert.equal(provider.calls, 2);
  clock.at(HOUR - 4 * 60_000 + 4_999);
  assert.deepEqual(await many(3), keys('AKID1', 3));
  assert.equal(provider.calls, 2);
  clock.at(HOUR - 4 * 60_000 + 5_000);
  assert.deepEqual(await send(), 'AKID1');
  assert.equal(provider.calls, 3);
  // The one request that refreshes waits for the new ones; the others go on.
  clock.at(HOUR - 3 * 60_000);
  assert.deepEqual(await many(5), ['AKID4', ...keys('AKID1', 4)]);
  assert.deepEqual(await many(5), keys('AKID4', 5));
  assert.equal(provider.calls, 4);
});

test('once credentials have expired, a failed refresh fails every waiting request, saying when they expired and why', async (t) => {
  t.after(clock.restore);
  clock.at(0);
  const expiry = start + HOUR;
  const { provider, send, many } = providing((n) => {
    if (n === 1) return { accessKeyId: 'AKID1', secretAccessKey: 's', expiration: expiry };
    throw new Error('token service down');
  });
  assert.deepEqual(await send(), 'AKID1');
  clock.at(HOUR);
  const refused = ['Request', `credentials provider: the credentials expired at ${new Date(expiry).toISOString()} and asking for new ones failed: token service down`];
  assert.deepEqual(await many(10), Array(10).fill(refused));
  assert.equal(provider.calls, 2);
  // Expired credentials are never used: the next request asks again.
  assert.deepEqual(await send(), refused);
  assert.equal(provider.calls, 3);
});

test('credentials that live less than ten minutes are refreshed at half their life, not at every request', async (t) => {
  t.after(clock.restore);
  clock.at(0);
  const { provider, send } = providing((n) => ({ accessKeyId: `AKID${n}`, secretAccessKey: 's', expiration: Date.now() + 120_000 }));
  for (let i = 0; i < 3; i++) assert.deepEqual(await send(), 'AKID1');
  clock.at(59_000);
  assert.deepEqual(await send(), 'AKID1');
  clock.at(61_000);
  assert.deepEqual(await send(), 'AKID2');
  assert.equal(provider.calls, 2);
});

test('credentials that have already expired when the provider gives them are refused, naming the clock', async () => {
  const expiration = new Date(realNow() - 1_000);
  const { send } = providing(() => ({ accessKeyId: 'AKID1', secretAccessKey: 's', expiration }));
  assert.deepEqual(await send(),
    ['Request', `credentials provider: it gave credentials that expired at ${expiration.toISOString()}; is this machine's clock right?`]);
});

test('without WebCrypto (a browser page on plain http off loopback) a request fails unsent, saying why', async () => {
  // The ES module copy the web glue imports (the CommonJS one binds WebCrypto at load).
  const web = path.join(here, '../../adapter-wasm/pkg/web/snippets', snippet, 'js/fetch.js');
  const { rynamoTransport: settings, rynamoWith: set, rynamoSend: send } = await import(web);
  let sent = 0;
  const transport = set(settings('http://127.0.0.1:1', 'us-east-1', ID, SECRET, undefined), 'fetch', async () => { sent++; return new Response('{}'); });
  const real = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
  Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
  let reply;
  try {
    reply = await send(transport, 'DynamoDB_20120810.ListTables', utf8('{}'));
  } finally {
    Object.defineProperty(globalThis, 'crypto', real);
  }
  assert.deepEqual([KINDS[-1 - reply[0]], new TextDecoder().decode(reply[1])],
    ['Request', 'signing: WebCrypto (crypto.subtle) is missing: browsers have it on https pages and localhost only']);
  assert.equal(sent, 0);
  assert.equal((await send(transport, 'DynamoDB_20120810.ListTables', utf8('{}')))[0], 200);
});
