// The workbench end to end in headless Debian Chromium (driven by
// playwright-core) against DynamoDB Local: connect, create a table with a
// GSI that has a range key and non-string keys, put items, query with a
// condition, page, edit, delete, filter with AND/OR, export and import in
// all three formats, see a failed condition; screenshots at 1280x800 and
// on a narrow window. Run by scripts/test-wasm.sh (which builds the wasm
// package and sets DYNAMODB_ENDPOINT).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startWorkbench, openWorkbench, selectTable, ddb, createTable, putItems, tableName, rowTexts, artifacts } from './harness.mjs';

let env;
before(async () => { env = await startWorkbench(); });
after(async () => { await env?.close(); });

const rows = (page, c) => rowTexts(page, c).then((x) => x.join());

test('connect, create, put, query with paging, edit, delete and a failed condition', async () => {
  const page = await openWorkbench(env);
  const table = tableName('e2e');
  await page.click('#create summary');
  await page.fill('#new-name', table);
  await page.fill('#new-hash', 'pk');
  await page.fill('#new-range', 'sk');
  await page.selectOption('#new-range-type', 'N');
  await page.fill('#new-gsi', 'by_v');
  await page.fill('#new-gsi-hash', 'v');
  await page.fill('#new-gsi-range', 'rank');
  await page.selectOption('#new-gsi-range-type', 'N');
  await page.selectOption('#new-billing', 'provisioned');
  await page.click('#create-button');
  await page.waitForSelector(`#tables li.selected >> text=${table}`);
  assert.match(await page.textContent('#table-facts'), /pk \(hash, S\), sk \(range, N\) · GSI by_v: v \(hash, S\), rank \(range, N\)/);
  const described = (await ddb('DescribeTable', { TableName: table })).Table;
  assert.deepEqual(described.AttributeDefinitions.map((a) => `${a.AttributeName}:${a.AttributeType}`).sort(), ['pk:S', 'rank:N', 'sk:N', 'v:S']);
  assert.deepEqual(described.GlobalSecondaryIndexes[0].KeySchema, [{ AttributeName: 'v', KeyType: 'HASH' }, { AttributeName: 'rank', KeyType: 'RANGE' }]);
  assert.equal(described.ProvisionedThroughput.ReadCapacityUnits, 5);
  // Capacity is shown with the table facts: the table's and the GSI's own.
  assert.match(await page.textContent('#table-facts'), /GSI by_v: v \(hash, S\), rank \(range, N\) \(provisioned 5 RCU \/ 5 WCU\) · provisioned 5 RCU \/ 5 WCU/);

  for (const [pk, sk] of [['a', 1], ['a', 2], ['a', 3], ['a', 4], ['a', 5], ['b', 1]]) {
    await page.click('#new-item');
    await page.fill('#item-json', JSON.stringify({ pk, sk, v: `x${sk}`, rank: 10 - sk, tags: [1, 2] }));
    await page.click('#put');
    await page.waitForFunction((k) => document.querySelector('#requests').textContent.startsWith('PutItem') && document.querySelector('#requests').textContent.includes(`"N": "${k}"`), sk);
    await page.evaluate(() => { document.querySelector('#requests').textContent = ''; });
  }
  await page.waitForFunction(() => document.querySelectorAll('#items tbody tr[data-index]').length === 6);

  // Query the global index by its hash key and a numeric range condition.
  await page.selectOption('#mode', 'query');
  await page.selectOption('#index', 'by_v');
  await page.fill('#hash-value', 'x1');
  await page.selectOption('#range-op', 'ge');
  await page.fill('#range-value', '9');
  await page.click('#run');
  await page.waitForFunction(() => document.querySelector('#page-info').textContent === 'page 1 · items 1–2');
  assert.match(await page.textContent('#requests'), /"IndexName": "by_v"/);
  assert.match(await page.textContent('#requests'), /":v1": \{\s*"N": "9"/);
  await page.selectOption('#index', '');

  await page.fill('#hash-value', 'a');
  await page.selectOption('#range-op', 'gt');
  await page.fill('#range-value', '1');
  await page.fill('#page-size', '2');
  await page.click('#run');
  await page.waitForFunction(() => document.querySelector('#page-info').textContent === 'page 1 · items 1–2 · more');
  assert.equal(await rows(page, 1), '2,3');
  const query = await page.textContent('#requests');
  assert.match(query, /^Query/);
  assert.match(query, /"KeyConditionExpression": "#n0 = :v0 AND #n1 > :v1"/);
  assert.match(query, /"Limit": 2/);
  await page.click('#next-page');
  await page.waitForFunction(() => [...document.querySelectorAll('#items tbody tr[data-index]')].map((r) => r.children[1].textContent).join() === '4,5');

  // Edit the item with sk = 4 through an update.
  await page.click('#items tbody tr[data-index="0"]');
  assert.match(await page.inputValue('#item-json'), /"sk": 4/);
  await page.fill('#update-path', 'v');
  await page.fill('#update-value', 'changed');
  await page.click('#update');
  await page.waitForFunction(() => document.querySelector('#item-json').value.includes('"v": "changed"'));
  assert.match(await page.textContent('#requests'), /UpdateItem/);

  // DynamoDB JSON view of the same item.
  await page.check('input[name=format][value=dynamo]');
  assert.deepEqual(JSON.parse(await page.inputValue('#item-json')).v, { S: 'changed' });
  await page.check('input[name=format][value=plain]');

  // Delete it (confirmed).
  page.once('dialog', (d) => d.accept());
  await page.click('#delete');
  await page.waitForFunction(() => document.querySelector('#requests').textContent.includes('DeleteItem'));
  await page.fill('#range-value', '3');
  await page.fill('#page-size', '10');
  await page.click('#run');
  await page.waitForFunction(() => [...document.querySelectorAll('#items tbody tr[data-index]')].map((r) => r.children[1].textContent).join() === '5');

  // A failed condition is shown clearly.
  await page.click('#new-item');
  await page.fill('#item-json', JSON.stringify({ pk: 'a', sk: 2 }));
  await page.fill('#condition', 'attribute_not_exists(pk)');
  await page.click('#put');
  await page.waitForSelector('#error:not([hidden])');
  assert.match(await page.textContent('#error'), /ConditionalCheckFailedException/);
  await page.screenshot({ path: path.join(artifacts, 'www-1280x800.png'), fullPage: true });

  // Usable on a narrow window: nothing wider than the viewport.
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than a 390px window`);
  await page.screenshot({ path: path.join(artifacts, 'www-390x844.png'), fullPage: true });

  // Find a table by part of its name.
  await page.fill('#table-filter', table.slice(0, 12).toUpperCase());
  assert.ok((await page.$$eval('#tables button.table', (b) => b.map((x) => x.textContent))).every((n) => n.startsWith(table.slice(0, 12))));
  await page.fill('#table-filter', 'no-such-table-name');
  assert.equal(await page.$$eval('#tables li', (li) => li.length), 0);
  await page.fill('#table-filter', table);

  // Delete the table, with confirmation.
  page.once('dialog', (d) => d.accept());
  await page.click(`button[aria-label="Delete table ${table}"]`);
  await page.waitForFunction((t) => ![...document.querySelectorAll('#tables button.table')].some((b) => b.textContent === t), table);
  assert.deepEqual(page.errors, []);
});

test('an empty table is typed by its attribute definitions: on-demand shown, a key typed "123" sent as N', async () => {
  const table = tableName('empty');
  await createTable(table, [['id', 'N', 'HASH'], ['name', 'S', 'RANGE']]);
  const page = await openWorkbench(env);
  await selectTable(page, table);
  assert.equal(await page.textContent('#page-info'), 'page 1 · no items');
  const facts = await page.textContent('#table-facts');
  assert.match(facts, /keys: id \(hash, N\), name \(range, S\)/);
  assert.match(facts, / · on-demand/);
  await page.selectOption('#mode', 'query');
  await page.fill('#hash-value', '123');
  await page.selectOption('#range-op', 'eq');
  await page.fill('#range-value', '456');
  await page.evaluate(() => { document.querySelector('#requests').textContent = ''; });
  await page.click('#run');
  await page.waitForFunction(() => document.querySelector('#requests').textContent.startsWith('Query'));
  const query = await page.textContent('#requests');
  assert.match(query, /":v0": \{\s*"N": "123"/);
  assert.match(query, /":v1": \{\s*"S": "456"/);
  assert.deepEqual(page.errors, []);
});

test('the filter builder joins conditions with AND and OR', async () => {
  const table = tableName('filters');
  await createTable(table, [['pk', 'S', 'HASH']]);
  await putItems(table, [
    { pk: { S: 'a' }, color: { S: 'red' }, size: { N: '1' } },
    { pk: { S: 'b' }, color: { S: 'red' }, size: { N: '5' } },
    { pk: { S: 'c' }, color: { S: 'blue' }, size: { N: '5' } },
    { pk: { S: 'd' }, color: { S: 'green' }, size: { N: '9' } },
  ]);
  const page = await openWorkbench(env);
  await selectTable(page, table);
  await page.click('#items thead th[data-column="pk"]');
  // color = red AND size > 2 OR color = green
  await page.fill('[aria-label="Filter attribute 1"]', 'color');
  await page.fill('[aria-label="Filter value 1"]', 'red');
  await page.click('#add-filter');
  await page.fill('[aria-label="Filter attribute 2"]', 'size');
  await page.selectOption('[aria-label="Filter operator 2"]', 'gt');
  await page.fill('[aria-label="Filter value 2"]', '2');
  await page.click('#add-filter');
  await page.selectOption('[aria-label="Join condition 3"]', 'or');
  await page.fill('[aria-label="Filter attribute 3"]', 'color');
  await page.fill('[aria-label="Filter value 3"]', 'green');
  await page.click('#run');
  await page.waitForFunction(() => document.querySelector('#requests').textContent.includes('FilterExpression'));
  await page.waitForFunction(() => document.querySelector('#page-info').textContent.startsWith('page 1 · items 1–2'));
  assert.equal(await rows(page, 0), 'b,d');
  assert.match(await page.textContent('#requests'), /"FilterExpression": "\(?#n0 = :v0 AND #n1 > :v1\)? OR #n0 = :v2"/);
  assert.deepEqual(page.errors, []);
});

const everyType = {
  pk: { S: 'all' }, n: { N: '12345678901234567890123456789012345678' }, b: { B: 'AAEC' }, ss: { SS: ['a', 'b,c'] }, ns: { NS: ['1', '2.5'] },
  bs: { BS: ['AQ=='] }, t: { BOOL: true }, z: { NULL: true }, l: { L: [{ S: 'x' }, { N: '1' }] }, m: { M: { k: { SS: ['in'] } } }, quote: { S: 'say "hi"\nline' },
};

async function exportAs(page, format) {
  await page.selectOption('#transfer-format', format);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  return readFile(await download.path(), 'utf8');
}

async function importInto(page, table, format, name, text) {
  await selectTable(page, table);
  await page.selectOption('#transfer-format', format);
  // The previous import's "imported …" must not satisfy the wait below.
  await page.evaluate(() => { document.querySelector('#transfer-info').textContent = ''; });
  await page.setInputFiles('#import', { name, mimeType: 'text/plain', buffer: Buffer.from(text) });
  await page.waitForFunction(() => /^imported/.test(document.querySelector('#transfer-info').textContent) || !document.querySelector('#error').hidden);
  assert.equal(await page.isHidden('#error'), true, await page.textContent('#error'));
}

const stored = async (table) => (await ddb('GetItem', { TableName: table, Key: { pk: { S: 'all' } }, ConsistentRead: true })).Item;
const sortSets = (item) => JSON.parse(JSON.stringify(item, (k, v) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? [...v].sort() : v)));

test('export and import keep every type in DynamoDB JSON and CSV, and numbers exact in plain JSON', async () => {
  const source = tableName('export');
  await createTable(source, [['pk', 'S', 'HASH']]);
  await putItems(source, [everyType, { pk: { S: 'other' }, n: { N: '7' } }]);
  const page = await openWorkbench(env);
  await selectTable(page, source);

  const dynamo = await exportAs(page, 'dynamo');
  assert.equal(dynamo.trim().split('\n').length, 2);
  const csv = await exportAs(page, 'csv');
  assert.match(csv.split('\r\n')[0], /pk \(S\)/);
  const plain = await exportAs(page, 'plain');
  assert.ok(plain.includes('"n":12345678901234567890123456789012345678'), plain);

  for (const [format, text, file] of [['dynamo', dynamo, 'x.jsonl'], ['csv', csv, 'x.csv']]) {
    const target = tableName(`import-${format}`);
    await createTable(target, [['pk', 'S', 'HASH']]);
    await importInto(page, target, format, file, text);
    assert.deepEqual(sortSets(await stored(target)), sortSets(await stored(source)), format);
    assert.equal((await ddb('Scan', { TableName: target })).Count, 2);
  }
  // Plain JSON cannot tell a set from a list, but keeps every digit.
  const target = tableName('import-plain');
  await createTable(target, [['pk', 'S', 'HASH']]);
  await importInto(page, target, 'plain', 'x.json', plain);
  const back = await stored(target);
  assert.deepEqual(back.n, everyType.n);
  assert.deepEqual(back.quote, everyType.quote);
  assert.deepEqual(page.errors, []);
});
