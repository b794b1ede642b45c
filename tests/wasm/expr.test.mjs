// Conditions and updates as JS values (adapter-wasm/js/methods.js holds
// their recipe, src/js/expr.rs checks each step and builds the expression
// where a call reads it), against DynamoDB Local: what a Condition or an
// Update says is fixed when it is built, it can be used any number of
// times, and bad input is refused when it is built. Checked in the recorded
// request bodies and in what DynamoDB stored. Run by scripts/test-wasm.sh.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Condition, Update, NumberValue, ConditionalCheckFailedException } from '../../adapter-wasm/pkg/node.mjs';

const endpoint = process.env.DYNAMODB_ENDPOINT;
const prefix = `expr-${process.pid}-${Date.now()}-`;
const db = new Client({
  endpoint, credentials: { accessKeyId: 'wasm', secretAccessKey: 'local' }, tablePrefix: prefix, recordRequests: true,
});
const lastBody = () => JSON.parse(db.takeRequests().at(-1).body);

before(async () => {
  assert.ok(endpoint, 'DYNAMODB_ENDPOINT is set by scripts/test-wasm.sh');
  await db.createTable('things', { hashKey: { name: 'pk', type: 'S' } });
});

test('values and path arrays are taken when a condition or update is built', async () => {
  const value = { x: 1 };
  const path = ['m', 'n'];
  const update = new Update().set(path, value);
  const condition = Condition.eq(path, value);
  value.x = 2;
  path[1] = 'changed';
  await db.put('things', { pk: 'snap', m: {} });
  await db.update('things', { pk: 'snap' }, update);
  const sent = lastBody();
  assert.equal(sent.UpdateExpression, 'SET #n0.#n1 = :v0');
  assert.deepEqual(sent.ExpressionAttributeNames, { '#n0': 'm', '#n1': 'n' });
  assert.deepEqual(sent.ExpressionAttributeValues, { ':v0': { M: { x: { N: '1' } } } });
  assert.deepEqual(await db.get('things', { pk: 'snap' }), { pk: 'snap', m: { n: { x: 1 } } });
  await db.put('things', { pk: 'snap', m: { n: { x: 1 } } }, { condition: Condition.notExists('pk').or(condition) });
  const put = lastBody();
  assert.equal(put.ConditionExpression, 'attribute_not_exists(#n0) OR #n1.#n2 = :v0');
  assert.deepEqual(put.ExpressionAttributeNames, { '#n0': 'pk', '#n1': 'm', '#n2': 'n' });
  assert.deepEqual(put.ExpressionAttributeValues, { ':v0': { M: { x: { N: '1' } } } });
});

test('each value is read once, when the condition or update is built: an iterator, a getter', async () => {
  let reads = 0;
  const counted = { get v() { reads += 1; return reads; } };
  const update = new Update().set('m', counted);
  assert.equal(reads, 1);
  const condition = Condition.isIn('pk', ['once', 'other'].values()).and(Condition.eq('m', counted));
  assert.equal(reads, 2);
  await db.update('things', { pk: 'once' }, update);
  assert.deepEqual(lastBody().ExpressionAttributeValues, { ':v0': { M: { v: { N: '1' } } } });
  await db.put('things', { pk: 'once', m: { v: 1 } }, { condition: condition.or(Condition.eq('m', { v: 1 })) });
  const sent = lastBody();
  assert.equal(sent.ConditionExpression, '(#n0 IN (:v0, :v1) AND #n1 = :v2) OR #n1 = :v3');
  assert.deepEqual(sent.ExpressionAttributeValues, {
    ':v0': { S: 'once' }, ':v1': { S: 'other' }, ':v2': { M: { v: { N: '2' } } }, ':v3': { M: { v: { N: '1' } } },
  });
  assert.equal(reads, 2);
});

test('a condition and an update are used again unchanged, and updates derived from one base stay apart', async () => {
  const base = new Update().set('count', 1);
  const more = base.add('tags', new Set(['a']));
  const less = base.remove('note');
  const missing = Condition.notExists('pk');
  await db.update('things', { pk: 'reuse' }, more, { condition: missing });
  assert.equal(lastBody().UpdateExpression, 'SET #n0 = :v0 ADD #n1 :v1');
  await assert.rejects(db.update('things', { pk: 'reuse' }, less, { condition: missing }), ConditionalCheckFailedException);
  assert.equal(lastBody().UpdateExpression, 'SET #n0 = :v0 REMOVE #n1');
  await db.update('things', { pk: 'reuse' }, base);
  assert.equal(lastBody().UpdateExpression, 'SET #n0 = :v0');
  const item = await db.get('things', { pk: 'reuse' });
  assert.deepEqual(item, { pk: 'reuse', count: 1, tags: new Set(['a']) });
  await db.transactWrite([{ update: { table: 'things', key: { pk: 'tx' }, update: base, condition: missing } }]);
  assert.deepEqual(await db.get('things', { pk: 'tx' }), { pk: 'tx', count: 1 });
});

test('free() lets go of a condition, an update and a NumberValue: a freed one is refused', async () => {
  const condition = Condition.exists('pk');
  const update = new Update().set('a', 1);
  const number = new NumberValue('1.50');
  assert.equal(number.value, '1.50');
  condition.free();
  update.free();
  number.free();
  await assert.rejects(db.put('things', { pk: 'f' }, { condition }), (e) => e instanceof TypeError && e.message === '`condition` must be a Condition');
  await assert.rejects(db.update('things', { pk: 'f' }, update), (e) => e instanceof TypeError && e.message === 'the third argument is an Update');
  assert.throws(() => Condition.exists('a').and(condition), (e) => e instanceof TypeError && e.message === 'expected a Condition');
  assert.throws(() => update.set('b', 2), (e) => e.message === 'null pointer passed to rust');
  assert.throws(() => number.value, (e) => e.message === 'null pointer passed to rust');
  assert.equal(await db.get('things', { pk: 'f' }), undefined);
});

test('bad input is refused when the condition or update is built, path first', () => {
  const refused = (f, message) => assert.throws(f, (e) => e instanceof TypeError && e.message === message);
  refused(() => Condition.eq('a..b', new Date(0)), '`a..b` is not a path like `a.b[0].c`');
  refused(() => Condition.eq('a', new Date(0)), 'a Date is not stored unless marshallOptions.dates is "iso" or "epoch" (or pass date.toISOString())');
  // isIn reads its values before its path.
  refused(() => Condition.isIn('a..b', [undefined]), 'undefined is not stored (set removeUndefinedValues to leave it out)');
  refused(() => Condition.isType('a', 'XX'), '`XX` is not a DynamoDB type');
  refused(() => Condition.size('a', '!!', 1), '`!!` is not a comparison');
  refused(() => Condition.eq('a', 1).and({}), 'expected a Condition');
  refused(() => new Update().set(['a', -1], 1), 'a path array starts with a name, then holds names and list indexes');
  refused(() => new Update().remove([]), 'an empty path');
});

test('a Condition is no Update and an Update no Condition', async () => {
  await assert.rejects(db.put('things', { pk: 'k' }, { condition: new Update().set('a', 1) }), (e) => e instanceof TypeError && e.message === '`condition` must be a Condition');
  await assert.rejects(db.update('things', { pk: 'k' }, Condition.exists('a')), (e) => e instanceof TypeError && e.message === 'the third argument is an Update');
  assert.ok(Condition.exists('a') instanceof Condition);
  assert.ok(new Update() instanceof Update);
});

test('a NumberValue is made from text, a number (its text as the marshaller writes it) or a bigint', () => {
  assert.equal(new NumberValue(1.5).value, '1.5');
  assert.equal(new NumberValue(-0).value, '-0');
  assert.equal(new NumberValue(1e21).value, '1e21');
  assert.equal(new NumberValue(12345678901234567890n).value, '12345678901234567890');
  assert.throws(() => new NumberValue(10n ** 40n + 1n), (e) => e instanceof RangeError);
  assert.throws(() => new NumberValue(NaN), (e) => e instanceof RangeError && e.message === '`NaN` is not a decimal number');
  assert.throws(() => new NumberValue(null), (e) => e instanceof TypeError && e.message === 'a NumberValue is made from text');
});

test('isType and size send each tag and operator as DynamoDB spells it, and name a wrong one', async () => {
  const tags = ['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS'];
  const ops = ['=', '<>', '<', '<=', '>', '>='];
  let condition = Condition.isType('a', tags[0]);
  for (const tag of tags.slice(1)) condition = condition.or(Condition.isType('a', tag));
  for (const op of ops) condition = condition.or(Condition.size('l', op, 3));
  await db.put('things', { pk: 'types' }, { condition });
  const sent = lastBody();
  const expected = [
    ...tags.map((_, i) => `attribute_type(#n0, :v${i})`),
    ...ops.map((op, i) => `size(#n1) ${op} :v${10 + i}`),
  ];
  assert.equal(sent.ConditionExpression, expected.join(' OR '));
  assert.deepEqual(tags.map((_, i) => sent.ExpressionAttributeValues[`:v${i}`]), tags.map((tag) => ({ S: tag })));
  const refused = (f, message) => assert.throws(f, (e) => e instanceof TypeError && e.message === message);
  refused(() => Condition.isType('a', 'X\ud800'), '`X\ufffd` is not a DynamoDB type');
  refused(() => Condition.isType('a', new String('S')), '`` is not a DynamoDB type');
  refused(() => Condition.size('a', null, 1), '`` is not a comparison');
  // The tag and the operator are checked before the path.
  refused(() => Condition.size('a..b', '==', 1), '`==` is not a comparison');
});
