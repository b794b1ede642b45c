// Typed values for the workbench. The workbench keeps every item as
// DynamoDB JSON ({ name: { S: "…" } }, numbers as decimal text), so nothing
// it shows or writes goes through a JS double or a guess:
// - `plainText` shows an item as plain JSON (numbers written as their exact
//   text, sets as arrays, binary as base64);
// - `parseJson` reads JSON text keeping each number's exact text;
// - `mergePlain` turns edited plain JSON back into DynamoDB JSON against the
//   item's stored types: an unchanged field keeps its stored value, and an
//   edited one keeps its type when the new value fits it (a set stays a set,
//   binary stays binary);
// - `scalar` types a value typed into a key or filter box by the
//   attribute's type, never by what the text looks like.
// Pure functions (no DOM, no package): tests run them in Node too.

/** A JSON number kept as its exact text. */
export class JsonNumber {
  constructor(text) { this.text = text; }
}

const NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Reads JSON text; numbers become `JsonNumber`s, objects `Map`s (so a key like `__proto__` is kept). */
export function parseJson(text) {
  let i = 0;
  const fail = (what) => { throw new SyntaxError(`JSON: ${what} at position ${i}`); };
  const space = () => { while (i < text.length && ' \t\n\r'.includes(text[i])) i++; };
  const value = () => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      const map = new Map();
      space();
      if (text[i] === '}') { i++; return map; }
      for (;;) {
        space();
        if (text[i] !== '"') fail('expected a "name"');
        const key = string();
        space();
        if (text[i++] !== ':') fail('expected ":"');
        if (map.has(key)) fail(`duplicate name "${key}"`);
        map.set(key, value());
        space();
        if (text[i] === ',') { i++; continue; }
        if (text[i++] === '}') return map;
        fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const list = [];
      space();
      if (text[i] === ']') { i++; return list; }
      for (;;) {
        list.push(value());
        space();
        if (text[i] === ',') { i++; continue; }
        if (text[i++] === ']') return list;
        fail('expected "," or "]"');
      }
    }
    if (c === '"') return string();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]]) {
      if (text.startsWith(word, i)) { i += word.length; return v; }
    }
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!m || !m[0] || m[0] === '-') fail('expected a value');
    i += m[0].length;
    return new JsonNumber(m[0]);
  };
  const string = () => {
    const end = /"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/y;
    end.lastIndex = i;
    const m = end.exec(text);
    if (!m) fail('bad string');
    i = end.lastIndex;
    return JSON.parse(m[0]);
  };
  const result = value();
  space();
  if (i < text.length) fail('unexpected text after the value');
  return result;
}

/** The attribute type tag of a DynamoDB JSON value: "S", "N", "SS", "M", … */
export const typeOf = (av) => Object.keys(av)[0];

const quote = (s) => JSON.stringify(s);

/** A DynamoDB JSON value as plain JSON text (exact numbers). */
export function plainValue(av, indent = '', step = '  ') {
  const t = typeOf(av);
  const v = av[t];
  const nl = step ? '\n' : '';
  const inner = indent + step;
  const list = (xs) => (xs.length ? `[${nl}${xs.map((x) => inner + x).join(`,${nl}`)}${nl}${indent}]` : '[]');
  switch (t) {
    case 'S': case 'B': return quote(v);
    case 'N': return v;
    case 'BOOL': return String(v);
    case 'NULL': return 'null';
    case 'SS': case 'BS': return list(v.map(quote));
    case 'NS': return list(v);
    case 'L': return list(v.map((x) => plainValue(x, inner, step)));
    case 'M': {
      const keys = Object.keys(v);
      if (!keys.length) return '{}';
      const sep = step ? ': ' : ':';
      return `{${nl}${keys.map((k) => `${inner}${quote(k)}${sep}${plainValue(v[k], inner, step)}`).join(`,${nl}`)}${nl}${indent}}`;
    }
    default: throw new TypeError(`unknown DynamoDB type ${t}`);
  }
}

/** An item (DynamoDB JSON) as plain JSON text. */
export const plainText = (item) => plainValue({ M: item });

/** One line of display text for a value: sets in braces, lists in brackets. */
export function display(av) {
  const t = typeOf(av);
  const v = av[t];
  switch (t) {
    case 'S': case 'N': case 'B': return v;
    case 'BOOL': return String(v);
    case 'NULL': return 'null';
    case 'SS': case 'BS': return `{${v.map(quote).join(', ')}}`;
    case 'NS': return `{${v.join(', ')}}`;
    default: return plainValue(av, '', '');
  }
}

const describe = { S: 'a string', N: 'a number', B: 'binary', SS: 'a string set', NS: 'a number set', BS: 'a binary set', L: 'a list', M: 'a map', BOOL: 'a boolean', NULL: 'null' };

function noDuplicates(members, path, type) {
  const seen = new Set();
  for (const m of members) {
    const key = type === 'NS' ? canonicalNumber(m) : m;
    if (seen.has(key)) throw new TypeError(`\`${path}\`: ${describe[type]} holds ${m} twice (DynamoDB sets have unique members)`);
    seen.add(key);
  }
  return members;
}

function setFrom(list, hint, path) {
  const t = typeOf(hint);
  if (!['SS', 'NS', 'BS'].includes(t)) return null;
  const fits = t === 'NS'
    ? list.every((x) => x instanceof JsonNumber)
    : list.every((x) => typeof x === 'string' && (t === 'SS' || BASE64.test(x)));
  if (!fits) return null;
  if (!list.length) {
    throw new TypeError(`\`${path}\` was ${describe[t]} (${t}) and DynamoDB has no empty sets: delete the attribute to remove it`);
  }
  return { [t]: noDuplicates(list.map((x) => (t === 'NS' ? x.text : x)), path, t) };
}

/** A parsed plain JSON value as DynamoDB JSON, keeping `hint`'s type (the stored value) where the value fits it. */
export function toTyped(value, hint, path) {
  const t = hint && typeOf(hint);
  if (value === null) return { NULL: true };
  if (typeof value === 'boolean') return { BOOL: value };
  if (value instanceof JsonNumber) return { N: value.text };
  if (typeof value === 'string') return t === 'B' && BASE64.test(value) ? { B: value } : { S: value };
  if (Array.isArray(value)) {
    const set = hint && setFrom(value, hint, path);
    if (set) return set;
    const items = t === 'L' ? hint.L : [];
    return { L: value.map((x, n) => toTyped(x, items[n], `${path}[${n}]`)) };
  }
  if (value instanceof Map) return { M: typedMap(value, t === 'M' ? hint.M : {}, path) };
  throw new TypeError(`\`${path}\`: not a JSON value`);
}

/** Sets an own property, even one named `__proto__`. */
export function define(object, key, value) {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

function typedMap(map, stored, path) {
  const out = {};
  for (const [k, v] of map) {
    const p = path ? `${path}.${k}` : k;
    define(out, k, toTyped(v, Object.hasOwn(stored, k) ? stored[k] : undefined, p));
  }
  return out;
}

/**
 * Edited plain JSON text as an item (DynamoDB JSON), merged against the
 * stored item (`null` for a new one). Unchanged fields come out exactly as
 * stored; a removed field is left out.
 */
export function mergePlain(text, stored) {
  const parsed = parseJson(text);
  if (!(parsed instanceof Map)) throw new TypeError('an item is a JSON object');
  return typedMap(parsed, stored || {}, '');
}

/** DynamoDB JSON text (an item) checked for shape; numbers stay text. */
export function parseDynamoItem(text) {
  const item = JSON.parse(text);
  if (!item || typeof item !== 'object' || Array.isArray(item)) throw new TypeError('an item is a JSON object of typed values');
  for (const [k, v] of Object.entries(item)) checkTyped(v, k);
  return item;
}

function checkTyped(av, path) {
  const keys = av && typeof av === 'object' ? Object.keys(av) : [];
  if (keys.length !== 1 || !describe[keys[0]]) throw new TypeError(`\`${path}\`: expected one of {"S": …}, {"N": "…"}, {"SS": […]}, …`);
  const [t] = keys;
  const v = av[t];
  const bad = (what) => { throw new TypeError(`\`${path}\`: ${t} needs ${what}`); };
  if (t === 'N' && !(typeof v === 'string' && NUMBER.test(v))) bad('a number as text, e.g. {"N": "1.5"}');
  if ((t === 'S' || t === 'B') && typeof v !== 'string') bad('a string');
  if (t === 'B' && !BASE64.test(v)) bad('base64 text');
  if (['SS', 'NS', 'BS'].includes(t)) {
    if (!Array.isArray(v) || !v.length || !v.every((x) => typeof x === 'string')) bad('a non-empty array of strings');
    if (t === 'NS' && !v.every((x) => NUMBER.test(x))) bad('numbers as text');
    noDuplicates(v, path, t);
  }
  if (t === 'L') (Array.isArray(v) ? v : bad('an array')).forEach((x, n) => checkTyped(x, `${path}[${n}]`));
  if (t === 'M') Object.entries(v && typeof v === 'object' ? v : bad('an object')).forEach(([k, x]) => checkTyped(x, `${path}.${k}`));
}

/** Text typed into a key or filter box as a value of `type` ("S", "N", "B", "BOOL", "NULL"). */
export function scalar(text, type, what = 'value') {
  switch (type) {
    case 'S': return { S: text };
    case 'N':
      if (!NUMBER.test(text.trim())) throw new TypeError(`${what} "${text}" is not a number`);
      return { N: text.trim() };
    case 'B':
      if (!BASE64.test(text.trim())) throw new TypeError(`${what} "${text}" is not base64`);
      return { B: text.trim() };
    case 'BOOL':
      if (text !== 'true' && text !== 'false') throw new TypeError(`${what} "${text}" is not true or false`);
      return { BOOL: text === 'true' };
    case 'NULL': return { NULL: true };
    default: throw new TypeError(`${what}: unknown type ${type}`);
  }
}

/** A number's text in one canonical form (for comparing set members). */
export function canonicalNumber(text) {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return text;
  const frac = m[3] || '';
  const digits = (m[2] + frac).replace(/^0+/, '');
  if (!digits) return '0';
  const stripped = digits.replace(/0+$/, '');
  const scale = Number(m[4] || 0) - frac.length + (digits.length - stripped.length);
  return `${m[1]}${stripped}e${scale}`;
}

/** Compares two decimal texts exactly: -1, 0 or 1. */
export function compareNumbers(a, b) {
  const ca = canonicalNumber(a);
  const cb = canonicalNumber(b);
  if (ca === cb) return 0;
  const neg = (c) => c.startsWith('-');
  if (ca === '0') return neg(cb) ? 1 : -1;
  if (cb === '0') return neg(ca) ? -1 : 1;
  if (neg(ca) !== neg(cb)) return neg(ca) ? -1 : 1;
  const sign = neg(ca) ? -1 : 1;
  const parts = (c) => {
    const [digits, e] = c.replace(/^-/, '').split('e');
    return { digits, magnitude: digits.length + Number(e) };
  };
  const pa = parts(ca);
  const pb = parts(cb);
  if (pa.magnitude !== pb.magnitude) return pa.magnitude > pb.magnitude ? sign : -sign;
  const len = Math.max(pa.digits.length, pb.digits.length);
  const da = pa.digits.padEnd(len, '0');
  const db = pb.digits.padEnd(len, '0');
  return da === db ? 0 : (da > db ? sign : -sign);
}
