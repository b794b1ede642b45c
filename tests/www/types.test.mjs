// Data first: the workbench never changes a stored attribute's type or
// digits. Items are written and read back directly in DynamoDB Local (not
// through the workbench); the workbench edits them in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWorkbench, openWorkbench, selectTable, ddb, createTable, putItems, tableName, rowTexts } from './harness.mjs';

let env;
before(async () => { env = await startWorkbench(); });
after(async () => { await env?.close(); });

const BIG = '12345678901234567890123456789012345678';
const everyType = () => ({
  pk: { S: 'all-types' },
  s: { S: 'hello' },
  n: { N: BIG },
  neg: { N: '-0.000000000000000000000000000000000000012345678901234567890123456789012345678' },
  b: { B: 'AAECAwT/' },
  ss: { SS: ['a', 'b'] },
  ns: { NS: ['1', BIG, '2.5'] },
  bs: { BS: ['AQ==', 'Ag=='] },
  t: { BOOL: true },
  f: { BOOL: false },
  z: { NULL: true },
  l: { L: [{ S: 'x' }, { N: '1' }, { SS: ['in', 'list'] }, { B: 'AA==' }] },
  m: { M: { nested: { M: { deep: { NS: ['3', '-4'] }, bin: { B: 'AA==' }, big: { N: `-${BIG}` } } }, empty: { M: {} }, list: { L: [] } } },
});

const stored = async (table, pk) => (await ddb('GetItem', { TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true })).Item;

async function openRow(page, pk) {
  const index = (await rowTexts(page, 0)).indexOf(pk);
  assert.ok(index >= 0, `row ${pk} is shown`);
  await page.click(`#items tbody tr[data-index="${index}"]`);
  await page.waitForFunction((k) => document.querySelector('#item-state').textContent.includes(k), pk);
}

async function putAndWait(page) {
  await page.evaluate(() => { document.querySelector('#requests').textContent = ''; });
  await page.click('#put');
  await page.waitForFunction(() => document.querySelector('#requests').textContent.startsWith('PutItem') || !document.querySelector('#error').hidden);
  assert.equal(await page.isHidden('#error'), true, await page.textContent('#error'));
}

test('editing one field in plain JSON leaves every other stored attribute exactly as it was, every type included', async () => {
  const table = tableName('types');
  await createTable(table, [['pk', 'S', 'HASH']]);
  await putItems(table, [everyType()]);
  const before = await stored(table, 'all-types');
  const page = await openWorkbench(env);
  await selectTable(page, table);
  await openRow(page, 'all-types');
  const text = await page.inputValue('#item-json');
  // Plain JSON shows the 38-digit numbers as written, not rounded.
  assert.ok(text.includes(`"n": ${BIG}`), text);
  await page.fill('#item-json', text.replace('"s": "hello"', '"s": "hello, edited"'));
  await putAndWait(page);

  const after = await stored(table, 'all-types');
  assert.deepEqual(after.s, { S: 'hello, edited' });
  assert.deepEqual({ ...after, s: null }, { ...before, s: null });
  // The PutItem the workbench sent carries the stored types.
  const sent = await page.textContent('#requests');
  assert.match(sent, /"ss": \{\s*"SS": \[/);
  assert.match(sent, /"b": \{\s*"B": "AAECAwT\/"/);
  assert.deepEqual(page.errors, []);
});

test('edited sets, binary and 38-digit numbers keep their types and every digit', async () => {
  const table = tableName('edit-types');
  await createTable(table, [['pk', 'S', 'HASH']]);
  await putItems(table, [everyType()]);
  const before = await stored(table, 'all-types');
  const page = await openWorkbench(env);
  await selectTable(page, table);
  await openRow(page, 'all-types');
  const big2 = '98765432109876543210987654321098765432';
  const text = (await page.inputValue('#item-json'))
    .replace(`"n": ${BIG}`, `"n": ${big2}`)
    .replace(/"ss": \[\s*"a",\s*"b"\s*\]/, '"ss": ["a", "b", "c"]')
    .replace('"b": "AAECAwT/"', '"b": "/w=="')
    .replace(/"bs": \[\s*"AQ==",\s*"Ag=="\s*\]/, '"bs": ["AQ=="]')
    .replace(/"ns": \[[^\]]*\]/, `"ns": [7, ${big2}]`);
  await page.fill('#item-json', text);
  await putAndWait(page);
  const after = await stored(table, 'all-types');
  assert.deepEqual(after.n, { N: big2 });
  assert.deepEqual([...after.ss.SS].sort(), ['a', 'b', 'c']);
  assert.deepEqual(after.b, { B: '/w==' });
  assert.deepEqual(after.bs, { BS: ['AQ=='] });
  assert.deepEqual([...after.ns.NS].sort(), [big2, '7'].sort());
  for (const unchanged of ['s', 'neg', 't', 'f', 'z', 'l', 'm']) assert.deepEqual(after[unchanged], before[unchanged], unchanged);

  // A 38-digit number typed into a new item is stored with every digit.
  await page.click('#new-item');
  await page.fill('#item-json', `{"pk": "typed", "n": ${big2}, "x": 0.1}`);
  await putAndWait(page);
  const typed = await stored(table, 'typed');
  assert.deepEqual(typed, { pk: { S: 'typed' }, n: { N: big2 }, x: { N: '0.1' } });

  // Emptying a set is refused with a clear error instead of storing a list.
  await openRow(page, 'all-types');
  await page.fill('#item-json', (await page.inputValue('#item-json')).replace(/"ss": \[[^\]]*\]/, '"ss": []'));
  await page.click('#put');
  await page.waitForSelector('#error:not([hidden])');
  assert.match(await page.textContent('#error'), /`ss` was a string set \(SS\) and DynamoDB has no empty sets/);
  assert.deepEqual([...(await stored(table, 'all-types')).ss.SS].sort(), ['a', 'b', 'c']);
  assert.deepEqual(page.errors, []);
});

test('an item saved unchanged from the DynamoDB JSON view is stored unchanged', async () => {
  const table = tableName('dynamo-view');
  await createTable(table, [['pk', 'S', 'HASH']]);
  await putItems(table, [everyType()]);
  const before = await stored(table, 'all-types');
  const page = await openWorkbench(env);
  await selectTable(page, table);
  await openRow(page, 'all-types');
  await page.check('input[name=format][value=dynamo]');
  assert.deepEqual(JSON.parse(await page.inputValue('#item-json')).n, { N: BIG });
  await putAndWait(page);
  assert.deepEqual(await stored(table, 'all-types'), before);
});

test('key and filter values are typed by the key schema and stored types, not by how the text looks', async () => {
  const table = tableName('keys');
  await createTable(table, [['pk', 'S', 'HASH']]);
  await putItems(table, [{ pk: { S: '123' }, v: { N: BIG } }, { pk: { S: 'abc' }, v: { N: '1' } }]);
  const numbers = tableName('numkeys');
  await createTable(numbers, [['id', 'N', 'HASH']]);
  await putItems(numbers, [{ id: { N: '123' } }, { id: { N: BIG } }]);
  const page = await openWorkbench(env);

  await selectTable(page, table);
  // The key's type, learnt from the stored rows, is shown with the schema.
  await page.waitForFunction(() => /keys: pk \(hash, S\)/.test(document.querySelector('#table-facts').textContent));
  await page.selectOption('#mode', 'query');
  await page.fill('#hash-value', '123');
  await page.click('#run');
  await page.waitForFunction(() => document.querySelector('#page-info').textContent.startsWith('page 1 · items 1–1'));
  assert.match(await page.textContent('#requests'), /":v0": \{\s*"S": "123"/);
  assert.deepEqual(await rowTexts(page, 0), ['123']);

  // A filter on a number attribute sends the number's exact text.
  await page.selectOption('#mode', 'scan');
  await page.fill('.filter-path', 'v');
  await page.fill('.filter-value', BIG);
  await page.click('#run');
  await page.waitForFunction(() => document.querySelector('#requests').textContent.startsWith('Scan'));
  assert.equal(await page.textContent('#page-info'), 'page 1 · items 1–1');
  assert.match(await page.textContent('#requests'), new RegExp(`"N": "${BIG}"`));

  await page.fill('.filter-path', '');
  await selectTable(page, numbers);
  await page.waitForFunction(() => /keys: id \(hash, N\)/.test(document.querySelector('#table-facts').textContent));
  await page.selectOption('#mode', 'query');
  await page.fill('#hash-value', BIG);
  await page.click('#run');
  await page.waitForFunction(() => document.querySelector('#page-info').textContent.startsWith('page 1 · items 1–1'));
  assert.match(await page.textContent('#requests'), new RegExp(`":v0": \\{\\s*"N": "${BIG}"`));
  assert.deepEqual(page.errors, []);
});

test('a failed request clears the rows it would have replaced', async () => {
  const table = tableName('stale');
  await createTable(table, [['pk', 'S', 'HASH']]);
  await putItems(table, [{ pk: { S: 'a' } }, { pk: { S: 'b' } }]);
  const page = await openWorkbench(env);
  await selectTable(page, table);
  assert.equal((await rowTexts(page, 0)).length, 2);
  await ddb('DeleteTable', { TableName: table });
  await page.click('#run');
  await page.waitForSelector('#error:not([hidden])');
  assert.match(await page.textContent('#error'), /ResourceNotFoundException/);
  assert.equal((await rowTexts(page, 0)).length, 0);
  assert.equal(await page.textContent('#page-info'), 'request failed');
});
