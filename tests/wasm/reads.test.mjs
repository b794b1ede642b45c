// Query by key schema, reusable conditions, count, total limit,
// transactGet, TTL and consumed capacity, against DynamoDB Local.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Condition, Update } from '../../adapter-wasm/pkg/node.mjs';

const endpoint = process.env.DYNAMODB_ENDPOINT;
const prefix = `reads-${process.pid}-${Date.now()}-`;
const config = { endpoint, credentials: { accessKeyId: 'wasm', secretAccessKey: 'local' }, tablePrefix: prefix };
const db = new Client({ ...config, recordRequests: true });

before(async () => {
  assert.ok(endpoint, 'DYNAMODB_ENDPOINT is set by scripts/test-wasm.sh');
  // The hash key `zone` sorts after the range key `at`: the alphabetically first key attribute is the wrong one.
  await db.createTable('events', {
    hashKey: { name: 'zone', type: 'S' }, rangeKey: { name: 'at', type: 'N' },
    indexes: [{ name: 'by-kind', global: true, hashKey: { name: 'kind', type: 'S' }, rangeKey: { name: 'at', type: 'N' } }],
  });
  const puts = [];
  for (let i = 0; i < 30; i++) puts.push({ zone: 'z1', at: i, kind: i % 2 ? 'odd' : 'even', size: i });
  await db.batchWrite('events', { puts });
});

const all = async (pages) => {
  const items = [];
  for await (const page of pages) items.push(...page.items);
  return items;
};

test('query finds the hash key by the table and index key schema, described once per client', async () => {
  const client = new Client({ ...config, recordRequests: true });
  const byRange = await all(client.query('events', { key: { zone: 'z1', at: 7 }, consistentRead: true }));
  assert.deepEqual(byRange.map((e) => e.at), [7]);
  const zone = await all(client.query('events', { key: { zone: 'z1' }, range: Condition.between('at', 3, 5) }));
  assert.deepEqual(zone.map((e) => e.at), [3, 4, 5]);
  const odd = await all(client.query('events', { index: 'by-kind', key: { kind: 'odd' }, range: Condition.lt('at', 6) }));
  assert.deepEqual(odd.map((e) => e.at), [1, 3, 5]);
  const actions = client.takeRequests().map((r) => r.action);
  assert.deepEqual(actions.filter((a) => a === 'DescribeTable'), ['DescribeTable'], 'the key schema is read once');
  // An explicit hash key name needs no DescribeTable.
  const fresh = new Client({ ...config, recordRequests: true });
  assert.equal((await all(fresh.query('events', { key: { zone: 'z1' }, hashKey: 'zone' }))).length, 30);
  assert.deepEqual(fresh.takeRequests().map((r) => r.action), ['Query']);
  await assert.rejects(all(client.query('events', { key: { zone: 'z1', size: 3 } })), (e) => e instanceof TypeError && /size/.test(e.message));
});

test('conditions, filters, ranges and updates can be used any number of times', async () => {
  const range = Condition.ge('at', 25);
  const filter = Condition.eq('kind', 'odd');
  const update = new Update().increment('size', 0);
  const when = Condition.exists('zone');
  for (let round = 0; round < 3; round++) {
    const items = await all(db.query('events', { key: { zone: 'z1' }, range, filter }));
    assert.deepEqual(items.map((e) => e.at), [25, 27, 29]);
    await db.update('events', { zone: 'z1', at: 1 }, update, { condition: when });
    await db.transactWrite([{ update: { table: 'events', key: { zone: 'z1', at: 2 }, update, condition: when } }]);
  }
});

test('count uses Select COUNT over all pages; limit caps the items in all and resumes mid-page', async () => {
  assert.equal(await db.count('events', { key: { zone: 'z1' }, pageSize: 7 }), 30);
  assert.equal(await db.count('events', { filter: Condition.eq('kind', 'even') }), 15);
  db.takeRequests();
  await db.count('events', { key: { zone: 'z1' } });
  assert.equal(JSON.parse(db.takeRequests()[0].body).Select, 'COUNT');
  const pages = [];
  for await (const page of db.query('events', { key: { zone: 'z1' }, pageSize: 4, limit: 10 })) pages.push(page);
  assert.deepEqual(pages.flatMap((p) => p.items.map((e) => e.at)), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const resume = pages.at(-1).lastEvaluatedKey;
  assert.deepEqual(resume, { zone: 'z1', at: 9 });
  const rest = await all(db.query('events', { key: { zone: 'z1' }, startKey: resume, limit: 3 }));
  assert.deepEqual(rest.map((e) => e.at), [10, 11, 12]);
  assert.equal((await all(db.scan('events', { limit: 5, pageSize: 2 }))).length, 5);
});

test('transactGet reads items in order, undefined where none', async () => {
  const got = await db.transactGet([
    { table: 'events', key: { zone: 'z1', at: 3 } },
    { table: 'events', key: { zone: 'nope', at: 1 } },
    { table: 'events', key: { zone: 'z1', at: 4 }, projection: ['kind'] },
  ]);
  assert.equal(got.length, 3);
  assert.equal(got[0].size, 3);
  assert.equal(got[1], undefined);
  assert.deepEqual(got[2], { kind: 'even' });
});

test('time to live can be turned on and described', async () => {
  await db.createTable('ttl', { hashKey: { name: 'pk', type: 'S' } });
  assert.equal((await db.describeTimeToLive('ttl')).status, 'DISABLED');
  await db.updateTimeToLive('ttl', 'expires', true);
  assert.deepEqual(await db.describeTimeToLive('ttl'), { status: 'ENABLED', attribute: 'expires' });
});

test('consumed capacity is reported per page and in total when asked for', async () => {
  const client = new Client({ ...config, returnConsumedCapacity: true });
  assert.equal(client.consumedCapacity, 0);
  await client.put('events', { zone: 'z2', at: 1 });
  await client.get('events', { zone: 'z2', at: 1 });
  const [page] = await (async () => { const p = []; for await (const x of client.query('events', { key: { zone: 'z1' }, hashKey: 'zone' })) p.push(x); return p; })();
  assert.ok(page.consumedCapacity > 0);
  assert.ok(client.consumedCapacity > page.consumedCapacity, `${client.consumedCapacity}`);
  assert.equal(db.consumedCapacity, 0, 'off unless asked for');
});

test('describeTable reports provisioned capacity of the table and its indexes, null when on-demand, and attribute types', async () => {
  await db.createTable('provisioned', {
    hashKey: { name: 'pk', type: 'N' }, rangeKey: { name: 'sk', type: 'B' },
    indexes: [{ name: 'by-g', global: true, hashKey: { name: 'g', type: 'S' } }],
    billing: { read: 5, write: 3 },
  });
  const p = await db.describeTable('provisioned');
  assert.equal(p.onDemand, false);
  assert.deepEqual(p.provisioned, { read: 5, write: 3 });
  assert.deepEqual(p.indexes.map((i) => [i.name, i.provisioned]), [['by-g', { read: 5, write: 3 }]]);
  assert.deepEqual(p.attributeTypes, { pk: 'N', sk: 'B', g: 'S' });
  const d = await db.describeTable('events');
  assert.equal(d.onDemand, true);
  assert.equal(d.provisioned, null);
  assert.deepEqual(d.indexes.map((i) => [i.name, i.provisioned]), [['by-kind', null]]);
  assert.deepEqual(d.attributeTypes, { zone: 'S', at: 'N', kind: 'S' });
  await db.deleteTable('provisioned');
});

test('returned items read numbers by the call\'s wrapNumbers, else the client\'s: pages, resume keys, batches, transactions and error items', async () => {
  const texts = { unmarshallOptions: { wrapNumbers: (t) => `n:${t}` } };
  const wrapped = new Client({ ...config, unmarshallOptions: { wrapNumbers: true } });
  const pages = wrapped.query('events', { key: { zone: 'z1' }, hashKey: 'zone', pageSize: 2, limit: 2 });
  const { value: page } = await pages.next();
  assert.deepEqual(page.items.map((e) => e.at.value), ['0', '1']);
  assert.equal(page.lastEvaluatedKey.at.value, '1');
  assert.equal(page.lastEvaluatedKey.zone, 'z1');
  // The call's own unmarshallOptions win over the client's.
  const own = await all(wrapped.query('events', { key: { zone: 'z1' }, hashKey: 'zone', limit: 1, ...texts }));
  assert.deepEqual(own.map((e) => e.at), ['n:0']);
  const batch = await wrapped.batchGet('events', [{ zone: 'z1', at: 2 }], texts);
  assert.deepEqual(batch.map((e) => e.size), ['n:2']);
  const got = await wrapped.transactGet([{ table: 'events', key: { zone: 'z1', at: 3 } }, { table: 'events', key: { zone: 'none', at: 0 } }]);
  assert.equal(got[0].size.value, '3');
  assert.equal(got[1], undefined);
  await db.put('events', { zone: 'big', at: 0, n: 12345678901234567890n });
  // A number a JS number cannot hold is a RangeError naming the attribute, on a page too.
  await assert.rejects(db.query('events', { key: { zone: 'big' }, hashKey: 'zone' }).next(), (e) => e instanceof RangeError && /^attribute `n`: the stored number 12345678901234567890 does not fit/.test(e.message));
  await assert.rejects(
    wrapped.put('events', { zone: 'big', at: 0 }, { condition: Condition.notExists('zone'), returnItemOnConditionFailure: true, ...texts }),
    (e) => e.name === 'ConditionalCheckFailedException' && e.item.n === 'n:12345678901234567890' && !('__rynamoItems' in e),
  );
  await assert.rejects(
    wrapped.transactWrite([{ check: { table: 'events', key: { zone: 'big', at: 0 }, condition: Condition.notExists('zone'), returnItemOnConditionFailure: true } }]),
    (e) => e.name === 'TransactionCanceledException' && e.reasons[0].item.n.value === '12345678901234567890',
  );
  // An item that does not read by the rule is left out of the error, which still names the failure.
  await assert.rejects(
    db.put('events', { zone: 'big', at: 0 }, { condition: Condition.notExists('zone'), returnItemOnConditionFailure: true }),
    (e) => e.name === 'ConditionalCheckFailedException' && !('item' in e),
  );
});

test('createTable sends an index projection list as INCLUDE with its string names (others skipped)', async () => {
  db.takeRequests();
  await db.createTable('projected', {
    hashKey: { name: 'pk', type: 'S' },
    indexes: [{ name: 'by-g', global: true, hashKey: { name: 'g', type: 'S' }, projection: ['note', 5, 'tag'] }],
  });
  const sent = db.takeRequests().find((r) => r.action === 'CreateTable');
  const [index] = JSON.parse(sent.body).GlobalSecondaryIndexes;
  assert.deepEqual(index.Projection, { ProjectionType: 'INCLUDE', NonKeyAttributes: ['note', 'tag'] });
  await db.deleteTable('projected');
});
