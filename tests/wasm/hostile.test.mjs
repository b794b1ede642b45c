// The JS package against hostile servers: a reply far larger than any
// DynamoDB reply is cancelled as it passes maxReplyBytes; an error message
// echoing the request's secrets reaches the caller without them; a plain
// http endpoint off loopback is refused unless allowHttp. The servers are
// small loopback servers of the test's own (no DynamoDB is needed).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { Client, RynamoTransportError } from '../../adapter-wasm/pkg/node.mjs';

const TOKEN = 'FwoGZXIvYXdzEJr//////////wEaDSECRETSESSIONTOKEN+x/y==';
const credentials = { accessKeyId: 'AKIDHOSTILE', secretAccessKey: 'secret', sessionToken: TOKEN };
const servers = [];
after(() => { for (const s of servers) { s.closeAllConnections(); s.close(); } });

function serve(handler) {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    servers.push(server);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`));
  });
}

const FLOOD = 200 * 1024 * 1024;

/** A server answering a 200 MB body in 64 KB chunks; counts what it wrote. */
async function flood(declareLength) {
  const state = { sent: 0 };
  const url = await serve((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, declareLength ? { 'content-length': FLOOD } : {});
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (state.sent < FLOOD) {
          state.sent += chunk.length;
          if (!res.write(chunk)) { res.once('drain', pump); return; }
        }
        res.end();
      };
      res.on('close', () => { state.sent = Math.min(state.sent, FLOOD); state.closed = true; });
      pump();
    });
  });
  return { url, state };
}

test('a 200 MB reply is cancelled once it passes maxReplyBytes, with a typed error', async () => {
  const { url, state } = await flood(false);
  const client = new Client({ endpoint: url, credentials, maxReplyBytes: 1024 * 1024 });
  await assert.rejects(client.get('things', { id: 'a' }), (e) => {
    assert.ok(e instanceof RynamoTransportError, String(e));
    assert.equal(e.kind, 'ReplyTooLarge');
    assert.equal(e.retryable, false);
    assert.ok(e.message.length < 200, e.message);
    return true;
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.ok(state.sent < FLOOD / 4, `${state.sent} bytes sent`);
});

test('a reply declaring 200 MB is refused at once with the default limit', async () => {
  const { url, state } = await flood(true);
  const client = new Client({ endpoint: url, credentials });
  await assert.rejects(client.get('things', { id: 'a' }),
    (e) => e instanceof RynamoTransportError && e.kind === 'ReplyTooLarge' && /67108864/.test(e.message));
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.ok(state.sent < FLOOD / 4, `${state.sent} bytes sent`);
});

test('an error message echoing the signature and session token reaches the caller without them', async () => {
  let seen;
  const url = await serve((req, res) => {
    seen = req.headers;
    const canonical = Object.entries(req.headers).map(([k, v]) => `${k}:${v}\n`).join('');
    const message = `The request signature we calculated does not match. The Canonical String for this request should have been\n'POST\n/\n\n${canonical}'`;
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
    res.end(JSON.stringify({ __type: 'com.amazon.coral.service#InvalidSignatureException', message }));
  });
  const client = new Client({ endpoint: url, credentials });
  const error = await client.get('things', { id: 'a' }).then(() => assert.fail('resolved'), (e) => e);
  const signature = seen.authorization.split('Signature=')[1];
  assert.equal(seen['x-amz-security-token'], TOKEN);
  assert.equal(signature.length, 64);
  assert.equal(error.name, 'InvalidSignatureException');
  for (const text of [error.message, String(error), JSON.stringify(error)]) {
    assert.ok(!text.includes('SECRETSESSIONTOKEN'), text);
    assert.ok(!text.includes(signature), text);
  }
  assert.match(error.message, /x-amz-security-token:<redacted>/);
  assert.match(error.message, /Credential=AKIDHOSTILE\//);
});

test('plain http to a host that is not loopback is refused unless allowHttp', async () => {
  assert.throws(() => new Client({ endpoint: 'http://dynamodb.us-east-1.amazonaws.com', credentials }),
    (e) => e instanceof TypeError && /allowHttp/.test(e.message));
  assert.throws(() => new Client({ endpoint: 'http://127.evil.example:8000', credentials }), TypeError);
  // Loopback and https need no opt-in.
  for (const endpoint of ['http://localhost:8000', 'http://127.0.0.1:8000', 'http://[::1]:8000', 'https://dynamodb.us-east-1.amazonaws.com']) {
    new Client({ endpoint, credentials });
  }
  // Opted in, requests go out (to a fetch of the test's own: no network).
  const urls = [];
  const client = new Client({
    endpoint: 'http://dynamodb-local:8000', credentials, allowHttp: true,
    fetch: async (url) => { urls.push(url); return new Response('{}', { status: 200 }); },
  });
  assert.equal(await client.get('things', { id: 'a' }), undefined);
  assert.deepEqual(urls, ['http://dynamodb-local:8000/']);
});

test('count ends at its page budget against a server handing out fresh resume keys forever', async () => {
  let pages = 0;
  const url = await serve((req, res) => {
    req.resume();
    req.on('end', () => {
      const n = pages++;
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ Count: 0, ScannedCount: 0, LastEvaluatedKey: { id: { S: `k${n}` } } }));
    });
  });
  const client = new Client({ endpoint: url, credentials });
  await assert.rejects(client.count('things', { maxPages: 30 }), (e) => /budget of 30 pages/.test(e.message));
  assert.equal(pages, 30);
  const iterator = client.scan('things', { maxPages: 3 });
  for (let i = 0; i < 3; i++) assert.equal((await iterator.next()).done, false);
  await assert.rejects(iterator.next(), /budget of 3 pages/);
});
