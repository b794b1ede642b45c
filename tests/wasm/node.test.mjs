// rynamo-wasm in Node against DynamoDB Local: the JS API end to end.
// Run by scripts/test-wasm.sh, which builds adapter-wasm/pkg and passes
// DYNAMODB_ENDPOINT.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, Condition, Update, NumberValue, toDynamoJson, fromDynamoJson,
  ConditionalCheckFailedException, TransactionCanceledException, ResourceNotFoundException, RynamoError,
} from '../../adapter-wasm/pkg/node.mjs';

const endpoint = process.env.DYNAMODB_ENDPOINT;
const prefix = `node-${process.pid}-${Date.now()}-`;
const db = new Client({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'wasm', secretAccessKey: 'local' }, tablePrefix: prefix, recordRequests: true });

before(async () => {
  assert.ok(endpoint, 'DYNAMODB_ENDPOINT is set by scripts/test-wasm.sh');
  await db.createTable('orders', { hashKey: { name: 'customer', type: 'S' }, rangeKey: { name: 'id', type: 'S' } });
});

const order = (customer, id, extra = {}) => ({
  customer, id, status: 'new', total: 12.5, lines: [{ sku: 'a', qty: 2 }], tags: new Set(['gift', 'rush']),
  bytes: new Uint8Array([0, 1, 254, 255]), flag: true, nothing: null, ...extra,
});

test('put then get returns the same plain object, sets and bytes included', async () => {
  await db.put('orders', order('c1', 'o1'));
  const got = await db.get('orders', { customer: 'c1', id: 'o1' }, { consistentRead: true });
  assert.deepEqual(got, order('c1', 'o1'));
  assert.ok(got.tags instanceof Set);
  assert.ok(got.bytes instanceof Uint8Array);
  assert.equal(await db.get('orders', { customer: 'c1', id: 'missing' }), undefined);
});

test('numbers keep full precision both ways, read back by the rule the caller picks', async () => {
  const big = 123456789012345678901234567890n;
  await db.put('orders', order('c1', 'n1', { big, exact: new NumberValue('0.12345678901234567890123456789'), safe: 9007199254740991 }));
  const wrapped = await db.get('orders', { customer: 'c1', id: 'n1' }, { consistentRead: true, unmarshallOptions: { wrapNumbers: true } });
  assert.ok(wrapped.big instanceof NumberValue && wrapped.exact instanceof NumberValue && wrapped.safe instanceof NumberValue);
  assert.equal(wrapped.big.value, big.toString());
  assert.equal(wrapped.exact.value, '0.12345678901234567890123456789');
  assert.equal(wrapped.safe.value, '9007199254740991');
  assert.equal(wrapped.total.value, '12.5');
  const texts = await db.get('orders', { customer: 'c1', id: 'n1' }, { consistentRead: true, unmarshallOptions: { wrapNumbers: (t) => `n:${t}` } });
  assert.equal(texts.big, `n:${big}`);
  assert.equal(texts.total, 'n:12.5');
  // The default never rounds silently: a number a JS number cannot hold is an error naming it.
  await assert.rejects(db.get('orders', { customer: 'c1', id: 'n1' }, { consistentRead: true }), (e) => e instanceof RangeError && /attribute `(big|exact)`/.test(e.message) && /wrapNumbers/.test(e.message));
  await db.put('orders', order('c1', 'n2', { safe: 9007199254740991 }));
  assert.equal((await db.get('orders', { customer: 'c1', id: 'n2' }, { consistentRead: true })).safe, 9007199254740991);
  assert.throws(() => new NumberValue('1e200'), RangeError);
  assert.equal(JSON.stringify({ n: new NumberValue('12345678901234567890.123') }), '{"n":"12345678901234567890.123"}');
});

test('update applies actions and returns the new item', async () => {
  await db.put('orders', order('c2', 'o1'));
  const update = new Update().set('status', 'paid').increment('total', 2.5).add('tags', new Set(['new'])).remove('nothing').append('lines', [{ sku: 'b', qty: 1 }]);
  const after = await db.update('orders', { customer: 'c2', id: 'o1' }, update, { condition: Condition.eq('status', 'new'), returnValues: 'ALL_NEW' });
  assert.equal(after.status, 'paid');
  assert.equal(after.total, 15);
  assert.deepEqual([...after.tags].sort(), ['gift', 'new', 'rush']);
  assert.equal(after.lines.length, 2);
  assert.ok(!('nothing' in after));
});

test('a failed condition is a ConditionalCheckFailedException with the stored item', async () => {
  await db.put('orders', order('c3', 'o1'));
  await assert.rejects(
    db.put('orders', order('c3', 'o1', { status: 'other' }), { condition: Condition.notExists('customer'), returnItemOnConditionFailure: true }),
    (e) => e instanceof ConditionalCheckFailedException && e instanceof RynamoError && e instanceof Error
      && e.name === 'ConditionalCheckFailedException' && e.retryable === false && e.item.status === 'new'
      && e.httpStatusCode === 400 && typeof e.requestId === 'string' && e.requestId.length > 0,
  );
  await assert.rejects(db.get('no-such-table', { customer: 'x', id: 'y' }), (e) => e instanceof ResourceNotFoundException && e.name === 'ResourceNotFoundException');
});

test('conditions combine and can be reused', async () => {
  await db.put('orders', order('c4', 'o1'));
  const isNew = Condition.eq('status', 'new');
  const cheap = Condition.lt('total', 100).and(Condition.contains('tags', 'gift')).and(Condition.size('lines', '=', 1));
  await db.update('orders', { customer: 'c4', id: 'o1' }, new Update().set('seen', true), { condition: isNew.and(cheap) });
  await db.update('orders', { customer: 'c4', id: 'o1' }, new Update().set('seen2', true), { condition: isNew.or(Condition.exists('nope')) });
  await assert.rejects(
    db.update('orders', { customer: 'c4', id: 'o1' }, new Update().set('x', 1), { condition: isNew.not() }),
    (e) => e.name === 'ConditionalCheckFailedException',
  );
});

test('query pages with async iteration, filters, ranges and reverse order', async () => {
  const puts = [];
  for (let i = 0; i < 23; i++) puts.push(order('q', `o${String(i).padStart(2, '0')}`, { total: i }));
  await db.batchWrite('orders', { puts });
  let pages = 0;
  const ids = [];
  for await (const page of db.query('orders', { key: { customer: 'q' }, pageSize: 5, consistentRead: true })) {
    pages++;
    ids.push(...page.items.map((o) => o.id));
  }
  assert.ok(pages >= 5);
  assert.deepEqual(ids, puts.map((o) => o.id));
  const expensive = [];
  for await (const page of db.query('orders', { key: { customer: 'q' }, range: Condition.beginsWith('id', 'o1'), filter: Condition.ge('total', 15), reverse: true })) {
    expensive.push(...page.items.map((o) => o.total));
  }
  assert.deepEqual(expensive, [19, 18, 17, 16, 15]);
});

test('scan, batch get and delete', async () => {
  const keys = [];
  const puts = [];
  for (let i = 0; i < 130; i++) {
    puts.push(order('s', `o${i}`));
    keys.push({ customer: 's', id: `o${i}` });
  }
  await db.batchWrite('orders', { puts });
  const got = await db.batchGet('orders', keys, { consistentRead: true });
  assert.equal(got.length, 130);
  await db.batchWrite('orders', { deletes: keys.slice(0, 100) });
  let scanned = 0;
  for await (const page of db.scan('orders', { filter: Condition.eq('customer', 's'), pageSize: 50 })) scanned += page.items.length;
  assert.equal(scanned, 30);
  const old = await db.delete('orders', keys[100], { returnOld: true });
  assert.equal(old.id, 'o100');
});

test('a cancelled transaction reports reasons in order', async () => {
  await db.put('orders', order('t', 'a'));
  await db.transactWrite([
    { put: { table: 'orders', item: order('t', 'b'), condition: Condition.notExists('id') } },
    { update: { table: 'orders', key: { customer: 't', id: 'a' }, update: new Update().set('status', 'paid') } },
  ], `token-${Date.now()}-${Math.random().toString(36).slice(2)}`); // unique per run: DynamoDB keeps a token 10 minutes
  assert.equal((await db.get('orders', { customer: 't', id: 'a' }, { consistentRead: true })).status, 'paid');
  await assert.rejects(
    db.transactWrite([
      { put: { table: 'orders', item: order('t', 'c') } },
      { check: { table: 'orders', key: { customer: 't', id: 'b' }, condition: Condition.eq('status', 'paid') } },
    ]),
    (e) => e instanceof TransactionCanceledException && e.reasons.length === 2 && e.reasons[0].code === 'None' && e.reasons[1].code === 'ConditionalCheckFailed',
  );
  assert.equal(await db.get('orders', { customer: 't', id: 'c' }), undefined);
});

test('describe and delete a table', async () => {
  await db.createTable('scratch', { hashKey: { name: 'pk', type: 'N' } });
  const d = await db.describeTable('scratch');
  assert.equal(d.status, 'ACTIVE');
  assert.deepEqual(d.keySchema, [{ name: 'pk', hash: true }]);
  await db.deleteTable('scratch');
  await assert.rejects(db.describeTable('scratch'), (e) => e.name === 'ResourceNotFoundException');
});

test('bad input is a typed error, not a crash', async () => {
  await assert.rejects(db.put('orders', { customer: 'x', id: 'y', f: () => 1 }), TypeError);
  await assert.rejects(db.put('orders', { customer: 'x', id: 'y', s: new Set() }), TypeError);
  await assert.rejects(db.put('orders', { customer: 'x', id: 'y', n: NaN }), TypeError);
  assert.throws(() => Condition.eq('a..b', 1), TypeError);
});

test('requests are recorded exactly, tables listed, DynamoDB JSON converted', async () => {
  db.takeRequests();
  await db.get('orders', { customer: 'c1', id: 'o1' });
  const [request] = db.takeRequests();
  assert.equal(request.action, 'GetItem');
  assert.deepEqual(JSON.parse(request.body), { TableName: `${prefix}orders`, Key: { customer: { S: 'c1' }, id: { S: 'o1' } } });
  assert.ok((await db.listTables()).includes(`${prefix}orders`));
  const text = toDynamoJson({ a: 1, b: new Set(['x']), c: [true, null] });
  assert.deepEqual(JSON.parse(text), { a: { N: '1' }, b: { SS: ['x'] }, c: { L: [{ BOOL: true }, { NULL: true }] } });
  assert.deepEqual(fromDynamoJson(text), { a: 1, b: new Set(['x']), c: [true, null] });
});

test('refused input is a TypeError saying what is wrong, in these words', async () => {
  const refused = async (promise, message) => assert.rejects(promise, (e) => e instanceof TypeError && e.message === message);
  assert.throws(() => Condition.eq('a..b', 1), { name: 'TypeError', message: '`a..b` is not a path like `a.b[0].c`' });
  assert.throws(() => Condition.isType('a', 'X'), { name: 'TypeError', message: '`X` is not a DynamoDB type' });
  assert.throws(() => Condition.size('a', '~', 1), { name: 'TypeError', message: '`~` is not a comparison' });
  await refused(db.batchWrite('orders', { puts: 1 }), '`puts` is a list');
  await refused(db.get('orders', { customer: 'x', id: 'y' }, { timeout: -1 }), '`timeout` is a whole number of at least 0');
  await refused(db.put('orders', { customer: 'x', id: 'y' }, { condition: 1 }), '`condition` must be a Condition');
  await refused(db.put('orders', { customer: 'x', id: 'y' }, { returnValues: 'SOME' }),
    '`returnValues` is NONE, ALL_OLD, UPDATED_OLD, ALL_NEW or UPDATED_NEW, not `SOME`');
  await refused(db.put('orders', { customer: 'x', id: 'y' }, { marshallOptions: { dates: 'unix' } }),
    'marshallOptions.dates is "iso" or "epoch", not `unix`');
  await refused(db.put('orders', { customer: 'x', id: 'y', deep: { list: [1, 2, 3n ** 130n] } }),
    'attribute `deep.list[2]`: `' + String(3n ** 130n) + '` has more than 38 significant digits');
  await refused(db.query('orders', { key: { id: 'y' }, hashKey: 'customer' }).next(), 'options.key needs the hash key `customer`');
  await refused(db.query('orders', { key: { customer: 'x', other: 'z' } }).next(),
    'options.key holds `other`, which is not the range key (or `range` is also given)');
  await refused(db.query('orders', { key: { customer: 'x' }, index: 'nope' }).next(), 'the table has no index `nope`');
  await refused(db.query('orders', { key: { customer: 'x', id: 'y', z: 1 } }).next(), 'options.key holds more than the hash and range keys');
  await refused(db.query('orders', { key: { customer: 'x', id: 'y' }, range: Condition.eq('id', 'y') }).next(),
    'options.key holds `id`, which is not the range key (or `range` is also given)');
  // The hash key is found by name wherever it sorts among the key's names.
  await db.put('orders', order('zz', 'a1'));
  const { value: page } = await db.query('orders', { key: { id: 'a1', customer: 'zz' } }).next();
  assert.deepEqual(page.items.map((i) => i.id), ['a1']);
  // isIn's candidates, and a projection's paths, are all sent.
  await db.put('orders', order('zz', 'a2', { status: 'paid' }));
  await db.put('orders', order('zz', 'a3', { status: 'gone' }));
  const { value: some } = await db.query('orders', {
    key: { customer: 'zz' }, filter: Condition.isIn('status', ['new', 'paid']), projection: ['id', 'status'], consistentRead: true,
  }).next();
  assert.deepEqual(some.items, [{ id: 'a1', status: 'new' }, { id: 'a2', status: 'paid' }]);
  assert.throws(() => Condition.isIn('status', ['new', () => 1]), TypeError);
});
