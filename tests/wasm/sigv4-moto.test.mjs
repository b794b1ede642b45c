// The package's signer (adapter-wasm/js/fetch.js) against a server that checks SigV4: moto's server with
// IAM authentication on (INITIAL_NO_AUTH_ACTION_COUNT). DynamoDB Local never
// checks signatures, so this is where a wrong signature would show: the JS
// package's requests, signed by its signer (js/fetch.js), must be accepted, and
// the same requests signed with a wrong secret refused. moto is installed by
// scripts/setup.sh; the server is started here on a free port and stopped
// at the end.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { Client } from '../../adapter-wasm/pkg/node.mjs';

// The first three requests (the IAM set-up below) are let through unsigned;
// every later one must carry a valid signature of a key moto issued.
const UNSIGNED_SETUP_REQUESTS = 3;
let moto;
let endpoint;
let log = '';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** An IAM query action, before authentication starts (moto routes on the scope's service). */
async function iam(params) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: 'AWS4-HMAC-SHA256 Credential=setup/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: new URLSearchParams({ Version: '2010-05-08', ...params }).toString(),
  });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return text;
}

before(async () => {
  const port = await freePort();
  endpoint = `http://127.0.0.1:${port}`;
  moto = spawn('sh', ['-c', 'if command -v moto_server >/dev/null 2>&1; then exec moto_server "$@"; else exec python3 -m moto.server "$@"; fi',
    'moto', '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, INITIAL_NO_AUTH_ACTION_COUNT: String(UNSIGNED_SETUP_REQUESTS) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  moto.stdout.on('data', (d) => { log += d; });
  moto.stderr.on('data', (d) => { log += d; });
  const deadline = Date.now() + 90_000;
  for (;;) {
    assert.equal(moto.exitCode, null, `moto_server exited (run scripts/setup.sh); log:\n${log}`);
    const up = await fetch(`${endpoint}/moto-api/`).then((r) => r.ok, () => false);
    if (up) break;
    assert.ok(Date.now() < deadline, `moto_server did not answer within 90 s; log:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});

after(() => moto?.kill());

test('requests the package signs (WebCrypto SigV4) pass a server that checks it, and a wrong secret is refused', async () => {
  await iam({ Action: 'CreateUser', UserName: 'rynamo' });
  const created = await iam({ Action: 'CreateAccessKey', UserName: 'rynamo' });
  await iam({
    Action: 'PutUserPolicy', UserName: 'rynamo', PolicyName: 'all',
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
  });
  const accessKeyId = /<AccessKeyId>([^<]+)</.exec(created)[1];
  const secretAccessKey = /<SecretAccessKey>([^<]+)</.exec(created)[1];

  const db = new Client({ endpoint, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey } });
  await db.createTable('signed', { hashKey: { name: 'pk', type: 'S' } });
  // A body with non-ASCII text and an item over one SHA-256 block.
  const item = { pk: 'Zoë Smith', note: 'x'.repeat(300) };
  await db.put('signed', item);
  assert.deepEqual(await db.get('signed', { pk: 'Zoë Smith' }), item);

  const forged = new Client({ endpoint, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey: `${secretAccessKey}x` } });
  await assert.rejects(forged.get('signed', { pk: 'Zoë Smith' }), (e) => {
    assert.equal(e.httpStatusCode, 403, String(e));
    assert.match(e.message, /SignatureDoesNotMatch/);
    return true;
  });
});
