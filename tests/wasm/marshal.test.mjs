// Marshalling by @aws-sdk/lib-dynamodb's rules, against DynamoDB Local:
// what is stored is checked in DynamoDB JSON (recorded request bodies and
// what a second, wrapNumbers client reads back), so nothing is silently
// changed. Run by scripts/test-wasm.sh.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Condition, Update, NumberValue, toDynamoJson, fromDynamoJson } from '../../adapter-wasm/pkg/node.mjs';

const endpoint = process.env.DYNAMODB_ENDPOINT;
const prefix = `marshal-${process.pid}-${Date.now()}-`;
const config = { endpoint, credentials: { accessKeyId: 'wasm', secretAccessKey: 'local' }, tablePrefix: prefix };
const db = new Client(config);

before(async () => {
  assert.ok(endpoint, 'DYNAMODB_ENDPOINT is set by scripts/test-wasm.sh');
  await db.createTable('things', { hashKey: { name: 'pk', type: 'S' } });
});

const stored = (item, options) => JSON.parse(toDynamoJson(item, options));

test('a Date, a Map and a class instance are TypeErrors naming the attribute path', async () => {
  class Money { constructor() { this.cents = 5; } }
  const cases = [
    [{ pk: 'd', when: new Date(0) }, /attribute `when`: a Date/],
    [{ pk: 'd', nested: { list: [1, new Map([['a', 1]])] } }, /attribute `nested\.list\[1\]`: a Map is not a plain object/],
    [{ pk: 'd', price: new Money() }, /attribute `price`: a Money is not a plain object.*convertClassInstanceToMap/],
    [{ pk: 'd', list: [1, undefined] }, /attribute `list\[1\]`: undefined.*removeUndefinedValues/],
    [{ pk: 'd', set: new Set(['a', 1]) }, /attribute `set`: a string set holds only strings/],
  ];
  for (const [item, message] of cases) {
    await assert.rejects(db.put('things', item), (e) => e instanceof TypeError && message.test(e.message), String(message));
    assert.throws(() => toDynamoJson(item), (e) => e instanceof TypeError && message.test(e.message));
  }
  assert.equal(await db.get('things', { pk: 'd' }), undefined, 'nothing was written');
});

test('opt-ins: class instances and Maps as M, undefined list members removed, Dates as PynamoDB text or epoch', async () => {
  class Money { constructor() { this.cents = 5; this.currency = 'EUR'; } }
  const when = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
  const client = new Client({ ...config, marshallOptions: { convertClassInstanceToMap: true, removeUndefinedValues: true, dates: 'iso' } });
  await client.put('things', { pk: 'o', price: new Money(), tags: new Map([['a', 1]]), list: [1, undefined, 2], when });
  const wrapped = new Client({ ...config, unmarshallOptions: { wrapNumbers: true } });
  const back = await wrapped.get('things', { pk: 'o' }, { consistentRead: true });
  assert.deepEqual(JSON.parse(JSON.stringify(back)), { pk: 'o', price: { cents: '5', currency: 'EUR' }, tags: { a: '1' }, list: ['1', '2'], when: '2024-01-02T03:04:05.678000+0000' });
  assert.deepEqual(stored({ when }, { dates: 'epoch' }), { when: { N: '1704164645.678' } });
  assert.deepEqual(stored({ when: new Date(1000) }, { dates: 'epoch' }), { when: { N: '1' } });
  // A Date is never turned into an empty map, even with convertClassInstanceToMap.
  assert.throws(() => toDynamoJson({ when }, { convertClassInstanceToMap: true }), /attribute `when`: a Date/);
});

test('binary: every ArrayBuffer view and ArrayBuffer itself are B, as lib-dynamodb stores them', () => {
  const bytes = new Uint8Array([1, 2, 3, 4]);
  const b64 = Buffer.from(bytes).toString('base64');
  for (const value of [bytes, bytes.buffer, new DataView(bytes.buffer), Buffer.from(bytes), new Uint16Array(bytes.buffer)]) {
    assert.deepEqual(stored({ b: value }), { b: { B: b64 } }, value.constructor.name);
  }
  // A view on part of a buffer stores only its own bytes.
  assert.deepEqual(stored({ b: new Uint8Array(bytes.buffer, 1, 2) }), { b: { B: Buffer.from([2, 3]).toString('base64') } });
  assert.deepEqual(stored({ s: new Set([bytes, new Uint8Array([9])]) }), { s: { BS: [b64, 'CQ=='] } });
});

test('numbers, bigints, number wrappers and NumberValues are N with their exact text', () => {
  assert.deepEqual(stored({ a: 0.1, b: 12345678901234567890123456789n, c: new Number(7), d: new NumberValue('1.50'), e: new String('x'), f: new Boolean(false) }), {
    a: { N: '0.1' }, b: { N: '12345678901234567890123456789' }, c: { N: '7' }, d: { N: '1.50' }, e: { S: 'x' }, f: { BOOL: false },
  });
  assert.deepEqual(stored({ n: new Set([1, 2n, new NumberValue('3.25')]) }), { n: { NS: ['1', '2', '3.25'] } });
  assert.throws(() => toDynamoJson({ n: Infinity }), TypeError);
  assert.deepEqual(fromDynamoJson('{"n":{"N":"99999999999999999999"}}', { wrapNumbers: true }).n.value, '99999999999999999999');
  assert.throws(() => fromDynamoJson('{"n":{"N":"99999999999999999999"}}'), (e) => e instanceof RangeError && /attribute `n`/.test(e.message));
});

test('a JS number is written as String(n) writes it (as lib-dynamodb), in plain digits from 1e-7 to 1e21', () => {
  const texts = (values) => values.map((v) => stored({ v }).v.N);
  // Plain digits where JS itself uses them, and also from 1e-7 to 1e-6, where JS writes an exponent.
  assert.deepEqual(texts([0, -0, 1, -1.5, 0.30000000000000004, 123.456, 999999999999999900000, 0.000001, 1e-7, 1.5e-7, -1.5e-7, 9.99e-7]),
    ['0', '-0', '1', '-1.5', '0.30000000000000004', '123.456', '999999999999999900000', '0.000001', '0.0000001', '0.00000015', '-0.00000015', '0.000000999']);
  // Exponents below 1e-7 and from 1e21, without JS's `+`.
  assert.deepEqual(texts([1e21, -1.5e21, 1e100, 1e-8, -2.5e-8]), ['1e21', '-1.5e21', '1e100', '1e-8', '-2.5e-8']);
  // A double halfway between two 17-digit texts gets JS's (round half to even), and reads back.
  assert.equal(String(2255439.7583007812), '2255439.7583007812');
  assert.deepEqual(texts([2255439.7583007812, -1557798385620117.2]), ['2255439.7583007812', '-1557798385620117.2']);
  assert.equal(fromDynamoJson(toDynamoJson({ v: 2255439.7583007812 })).v, 2255439.7583007812);
  for (const [v, name] of [[NaN, 'NaN'], [Infinity, 'inf'], [-Infinity, '-inf']]) {
    assert.throws(() => toDynamoJson({ v }), (e) => e instanceof TypeError && e.message === `attribute \`v\`: ${name} cannot be stored: DynamoDB numbers are finite`);
  }
});

test('an item with every type round-trips through DynamoDB unchanged', async () => {
  const wrapped = new Client({ ...config, recordRequests: true, unmarshallOptions: { wrapNumbers: true } });
  const item = {
    pk: 'all', s: 'text', n: new NumberValue('-12345678901234567890.1234567890123456'), b: new Uint8Array([0, 255]), t: true, z: null,
    m: { inner: [1, 'two', { three: new Set(['x']) }] }, ss: new Set(['a', 'b']), ns: new Set([new NumberValue('1'), new NumberValue('2.5')]), bs: new Set([new Uint8Array([1])]),
  };
  await wrapped.put('things', item);
  const [{ body }] = wrapped.takeRequests();
  const back = await wrapped.get('things', { pk: 'all' }, { consistentRead: true });
  // DynamoDB may return set members in another order; compare sets sorted.
  const canonical = (v) => Array.isArray(v) ? v.map(canonical)
    : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, ['SS', 'NS', 'BS'].includes(k) ? [...x].sort() : canonical(x)]))
      : v;
  assert.deepEqual(canonical(JSON.parse(toDynamoJson(back))), canonical(JSON.parse(body).Item));
});

test('a number DynamoDB cannot store is a TypeError naming its attribute (a set member names the set); a bare value names none', async () => {
  const refused = (item, message) => assert.throws(() => toDynamoJson(item), (e) => e instanceof TypeError && e.message === message, message);
  const range = "is outside DynamoDB's number range (1E-130 to 9.99E+125)";
  refused({ a: { b: [1, 1e300] } }, `attribute \`a.b[1]\`: \`1e300\` ${range}`);
  refused({ a: 5e-324 }, `attribute \`a\`: \`5e-324\` ${range}`);
  refused({ a: 123456789012345678901234567890123456789n }, 'attribute `a`: `123456789012345678901234567890123456789` has more than 38 significant digits');
  refused({ s: new Set([1, 1e300]) }, `attribute \`s\`: \`1e300\` ${range}`);
  refused({ n: new Number(1e300) }, `attribute \`n\`: \`1e300\` ${range}`);
  refused({ x: { '': { y: NaN } } }, 'attribute `x..y`: NaN cannot be stored: DynamoDB numbers are finite');
  refused(5, 'an item must be a plain object');
  // A set holding one number twice (1 and 1n) is refused when it is written.
  refused({ s: new Set([1, 1n]) }, 'cannot encode attribute `s`: a set holds the same member twice');
  await assert.rejects(db.put('things', { pk: 'dup', s: new Set([1, 1n]) }), (e) => e.name === 'RynamoEncodeError' && /attribute `s`: a set holds the same member twice/.test(e.message));
  await assert.rejects(db.put('things', { pk: 'big', n: 1e300 }), (e) => e instanceof TypeError && e.message === `attribute \`n\`: \`1e300\` ${range}`);
  // Condition and update values are bare values: no attribute is named.
  assert.throws(() => Condition.eq('a', 1e300), (e) => e instanceof TypeError && e.message === `\`1e300\` ${range}`);
  assert.throws(() => new Update().set('a', NaN), (e) => e instanceof TypeError && e.message === 'NaN cannot be stored: DynamoDB numbers are finite');
  assert.throws(() => new Update().set('a', [1, undefined]), (e) => e instanceof TypeError && /^attribute `\[1\]`: undefined is not stored/.test(e.message));
  assert.equal(await db.get('things', { pk: 'dup' }), undefined, 'nothing was written');
});

test('names are stored in UTF-8 byte order, lone surrogates as U+FFFD, __proto__ as a name; empty binary is stored', () => {
  // UTF-16 order would put U+10000 (a surrogate pair) before U+E000.
  assert.equal(toDynamoJson({ '\u{10000}': 1, '\uE000': 2, b: 3, 10: 4, 9: 5 }),
    '{"10":{"N":"4"},"9":{"N":"5"},"b":{"N":"3"},"\uE000":{"N":"2"},"\u{10000}":{"N":"1"}}');
  assert.deepEqual(stored({ s: 'a\ud800b', '\udc00': 1 }), { s: { S: 'a\ufffdb' }, '\ufffd': { N: '1' } });
  assert.deepEqual(stored(JSON.parse('{"__proto__": 1, "x": {"__proto__": "y"}}')), { ['__proto__']: { N: '1' }, x: { M: { ['__proto__']: { S: 'y' } } } });
  assert.deepEqual(stored({ b: new Uint8Array(0), bs: new Set([new Uint8Array(0)]) }), { b: { B: '' }, bs: { BS: [''] } });
  // An object holding number text under __rynamoNumber is that number; one holding other text is a map.
  assert.deepEqual(stored({ n: { __rynamoNumber: '12' }, m: { __rynamoNumber: 'abc' } }), { n: { N: '12' }, m: { M: { __rynamoNumber: { S: 'abc' } } } });
  const big = new Uint8Array(100000).map((_, i) => i * 7);
  assert.equal(stored({ big }).big.B, Buffer.from(big).toString('base64'));
});
