// www/typed.js on its own (Node): the rules the workbench's editor, key
// boxes and sort follow, pinned value by value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJson, JsonNumber, mergePlain, plainText, scalar, compareNumbers, parseDynamoItem } from '../../www/typed.js';

const BIG = '12345678901234567890123456789012345678';

test('parseJson keeps each number as its exact text and a __proto__ name as data', () => {
  const v = parseJson(`{"a": ${BIG}, "b": [1e400, -0.10], "__proto__": {"x": true}}`);
  assert.deepEqual(v.get('a'), new JsonNumber(BIG));
  assert.deepEqual(v.get('b').map((n) => n.text), ['1e400', '-0.10']);
  assert.equal(v.get('__proto__').get('x'), true);
  assert.throws(() => parseJson('{"a": 1,}'), SyntaxError);
  assert.throws(() => parseJson('{"a": 1, "a": 2}'), /duplicate name "a"/);
  assert.throws(() => parseJson('[01]'), SyntaxError);
});

test('an unedited item merges back exactly as stored', () => {
  const stored = { s: { S: '1' }, n: { N: BIG }, b: { B: 'AQ==' }, ss: { SS: ['x'] }, ns: { NS: ['1'] }, bs: { BS: ['AQ=='] }, l: { L: [{ SS: ['y'] }, { B: 'Ag==' }] }, m: { M: { q: { NS: ['2'] } } }, t: { BOOL: false }, z: { NULL: true } };
  assert.deepEqual(mergePlain(plainText(stored), stored), stored);
});

test('edited values keep their stored type when they fit it, and take their JSON type otherwise', () => {
  const stored = { b: { B: 'AQ==' }, ss: { SS: ['x'] }, ns: { NS: ['1'] }, n: { N: '1' } };
  assert.deepEqual(mergePlain('{"b": "Ag==", "ss": ["x", "y"], "ns": [2, 3], "n": "1"}', stored), { b: { B: 'Ag==' }, ss: { SS: ['x', 'y'] }, ns: { NS: ['2', '3'] }, n: { S: '1' } });
  // Text that is not base64 is a string now; a set holding a non-member is a list.
  assert.deepEqual(mergePlain('{"b": "not base64!", "ss": ["x", 1]}', stored), { b: { S: 'not base64!' }, ss: { L: [{ S: 'x' }, { N: '1' }] } });
  assert.deepEqual(mergePlain('{"new": [1, "a"], "m": {"k": null}}', stored), { new: { L: [{ N: '1' }, { S: 'a' }] }, m: { M: { k: { NULL: true } } } });
  assert.throws(() => mergePlain('{"ss": []}', stored), /no empty sets/);
  assert.throws(() => mergePlain('{"ss": ["x", "x"]}', stored), /holds x twice/);
  assert.throws(() => mergePlain('{"ns": [1, 1.0]}', stored), /holds 1.0 twice/);
});

test('key and filter text is typed by the attribute type given, never by its look', () => {
  assert.deepEqual(scalar('123', 'S'), { S: '123' });
  assert.deepEqual(scalar(BIG, 'N'), { N: BIG });
  assert.throws(() => scalar('12a', 'N', 'pk value'), /pk value "12a" is not a number/);
  assert.throws(() => scalar('??', 'B'), /not base64/);
});

test('numbers compare exactly, beyond what a double holds', () => {
  const sorted = ['100', '43', '7', '9', '-2.5', '0.5', `${BIG}1e-1`, BIG, '1e38', '-1e-130'].sort(compareNumbers);
  assert.deepEqual(sorted, ['-2.5', '-1e-130', '0.5', '7', '9', '43', '100', BIG, `${BIG}1e-1`, '1e38']);
  assert.equal(compareNumbers('1.50', '15e-1'), 0);
});

test('DynamoDB JSON is checked for shape before it is sent', () => {
  assert.throws(() => parseDynamoItem('{"a": {"N": 1}}'), /`a`: N needs a number as text/);
  assert.throws(() => parseDynamoItem('{"a": {"SS": []}}'), /non-empty array/);
  assert.throws(() => parseDynamoItem('{"a": {"M": {"b": {"X": 1}}}}'), /`a.b`: expected one of/);
  assert.deepEqual(parseDynamoItem(`{"a": {"N": "${BIG}"}}`), { a: { N: BIG } });
});
