// The shared SigV4 fixtures (tests/fixtures/sigv4/<case>/, in the AWS
// SigV4 test suite's layout) through the built rynamo-wasm package in
// Node: the package's signer (adapter-wasm/js/fetch.js) must send each case's request
// to the URL and Host header `fetch` derives from it, with the fixture's
// authorization. The fixtures are checked against aws-sigv4 by
// rynamo-native's unit tests and step by step against the JS signer by
// signer.test.mjs. Time and the network are the only things fixed here:
// `Date.now` returns the fixtures' time and `fetch` records the request
// and answers as DynamoDB would.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import { Client } from '../../adapter-wasm/pkg/node.mjs';
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/sigv4');

// The AWS SigV4 test suite's example credentials and time (2015-08-30T12:36:00Z).
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const time = 1_440_938_160_000;

// How each fixture's request is made with the JS API, and DynamoDB's reply.
const calls = {
  'DynamoDB_20120810.ListTables': [(db) => db.listTables(), '{"TableNames":[]}'],
  'DynamoDB_20120810.GetItem': [(db) => db.get('notes', { user: 'Zoë Smith', id: 'n1' }), '{}'],
  'DynamoDB_20120810.PutItem': [(db) => db.put('notes', { user: 'ada', id: 'n1', stars: 3 }), '{}'],
};

const realNow = Date.now;
const realFetch = globalThis.fetch;
after(() => {
  Date.now = realNow;
  globalThis.fetch = realFetch;
});

const cases = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

test('the fixtures cover the endpoint cases of issue 15', () => {
  for (const name of ['uppercase-localhost', 'endpoint-with-path', 'https-default-port', 'http-default-port']) {
    assert.ok(cases.includes(name), name);
  }
});

for (const name of cases) {
  test(`the package in Node signs what fetch sends: ${name}`, async () => {
    const read = (file) => readFileSync(path.join(root, name, file), 'utf8');
    const request = JSON.parse(read('request.json'));
    const [head] = read('request.txt').split('\n\n');
    const [requestLine, ...headerLines] = head.split('\n');
    const sentPath = requestLine.split(' ')[1];
    const sentHost = headerLines.find((l) => l.startsWith('Host:')).slice('Host:'.length);
    const [call, reply] = calls[request.target];
    const sent = [];
    Date.now = () => time;
    globalThis.fetch = async (url, init) => {
      sent.push({ url: String(url), headers: new Headers(init.headers), body: Buffer.from(init.body).toString('utf8') });
      return new Response(reply, { status: 200, headers: { 'content-type': 'application/x-amz-json-1.0' } });
    };
    try {
      const db = new Client({ endpoint: request.endpoint, region: request.region, credentials: { ...credentials, sessionToken: request.session_token } });
      await call(db);
    } finally {
      Date.now = realNow;
      globalThis.fetch = realFetch;
    }
    assert.equal(sent.length, 1);
    const [{ url, headers, body }] = sent;
    assert.equal(body, request.body, 'the fixture is the request this call sends');
    // What fetch itself puts on the wire for this URL (WHATWG URL: lower-case
    // host, default port dropped, path escaped) is what was signed.
    const parsed = new URL(url);
    assert.equal(parsed.host, sentHost, 'Host header');
    assert.equal(parsed.pathname, sentPath, 'path');
    assert.equal(url, parsed.href, 'the URL is already in the form fetch sends');
    assert.equal(headers.get('x-amz-date'), '20150830T123600Z');
    assert.equal(headers.get('x-amz-target'), request.target);
    assert.equal(headers.get('x-amz-security-token'), request.session_token ?? null);
    assert.equal(headers.get('authorization'), read('authorization.txt'));
  });
}
