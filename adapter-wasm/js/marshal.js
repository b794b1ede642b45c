// Plain JS values written as DynamoDB JSON text, by @aws-sdk/lib-dynamodb's
// rules (appended to the wasm-bindgen glue by adapter-wasm/build.sh). The
// wasm calls __rynamoMarshal (src/js/marshal.rs) and reads the text with the
// core's JSON reader, which checks each number's text and names the
// attribute of one DynamoDB cannot store. Walking the value here costs the
// package far less than a wasm-bindgen call per type test and per value.
// - strings, numbers (and Number/String/Boolean wrappers), bigints,
//   NumberValues, booleans, null, arrays, plain objects, Sets, and binary
//   (every ArrayBuffer view and ArrayBuffer itself);
// - anything else (Date, Map, class instances, functions, symbols) is a
//   TypeError naming the attribute path ("attribute `a.b[2]`: …"), unless
//   the flags opt in (marshallOptions, as MarshalOptions::flags sets them).
const MARSHAL_CLASSES = 1; // convertClassInstanceToMap
const MARSHAL_NO_UNDEFINED = 2; // removeUndefinedValues
const MARSHAL_DATES_ISO = 4; // dates: "iso"
const MARSHAL_DATES_EPOCH = 8; // dates: "epoch"
const MARSHAL_ITEM = 16; // the value is an item, not one attribute value

// Lone surrogates read as U+FFFD, as every string the wasm is handed does.
const wellFormedText = (s) => s.replace(/\p{Cs}/gu, '\ufffd');
const quoteText = (s) => JSON.stringify(wellFormedText(s));
// `path` is null at the top of the value (the message names no attribute).
const marshalRefusal = (message, path) => new TypeError(wellFormedText(path === null ? message : `attribute \`${path}\`: ${message}`));
const fieldPath = (path, name) => (path ? `${path}.${name}` : name);

// A finite double as Number::from_f64's text: String(n) (the shortest text
// that reads back as the same double), in plain digits from 1e-7 to 1e21.
function doubleText(n, path) {
  if (!Number.isFinite(n)) {
    throw marshalRefusal(`${Number.isNaN(n) ? 'NaN' : n > 0 ? 'inf' : '-inf'} cannot be stored: DynamoDB numbers are finite`, path);
  }
  // String drops the sign of -0.
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const text = String(n);
  const e = text.indexOf('e');
  if (e < 0) return text;
  const mantissa = text.slice(0, e);
  const exponent = text.slice(e + 1);
  // JS switches to exponents below 1e-6, Rust below 1e-7: between them
  // (`1.5e-7`) the text is written out (`0.00000015`).
  if (exponent === '-7') {
    const negative = mantissa[0] === '-';
    return `${negative ? '-' : ''}0.000000${(negative ? mantissa.slice(1) : mantissa).replace('.', '')}`;
  }
  // JS writes `1e+21` where Rust writes `1e21`.
  return `${mantissa}e${exponent.replace('+', '')}`;
}

// The number text of a number, bigint or NumberValue; undefined for any
// other value. The core's reader checks the text (digits, range).
function numberText(value, path) {
  if (typeof value === 'number') return doubleText(value, path);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return undefined;
  let text;
  try {
    text = value.__rynamoNumber;
  } catch {
    return undefined;
  }
  if (typeof text !== 'string') return undefined;
  if (value instanceof NumberValue) return text;
  // Anything else holding __rynamoNumber is a number only if the text is one.
  try {
    new NumberValue(text).free();
    return text;
  } catch {
    return undefined;
  }
}

// The base64 of an ArrayBuffer or any view on one; undefined for other values.
function base64Of(value) {
  let bytes;
  if (value instanceof Uint8Array) bytes = value;
  else if (value instanceof ArrayBuffer) bytes = new Uint8Array(value);
  else if (ArrayBuffer.isView(value)) bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  else return undefined;
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

// The constructor name of an object, or undefined for a plain object
// (prototype Object.prototype or null).
function classNameOf(value) {
  const proto = Object.getPrototypeOf(value);
  if (proto === null || Object.getPrototypeOf(proto) === null) return undefined;
  let name;
  try {
    name = proto.constructor.name;
  } catch {}
  return typeof name === 'string' ? name : 'an anonymous class';
}

function dateAttribute(date, flags, path) {
  const millis = date.getTime();
  if (Number.isNaN(millis)) throw marshalRefusal('an invalid Date', path);
  // toISOString gives `2024-01-02T03:04:05.678Z`; PynamoDB writes
  // microseconds and `+0000`.
  if (flags & MARSHAL_DATES_ISO) return `{"S":${quoteText(`${date.toISOString().split('Z')[0]}000+0000`)}}`;
  if (!(flags & MARSHAL_DATES_EPOCH)) {
    throw marshalRefusal('a Date is not stored unless marshallOptions.dates is "iso" or "epoch" (or pass date.toISOString())', path);
  }
  // Seconds, with the milliseconds as a decimal fraction when there are any.
  const whole = Math.floor(millis / 1000);
  const rest = millis - whole * 1000;
  const text = rest === 0 ? String(whole) : `${whole}.${String(Math.round(rest)).padStart(3, '0')}`.replace(/0+$/, '');
  return `{"N":"${text}"}`;
}

// Iterator steps; one that throws is `unreadable`.
function* iteratorSteps(iterator, unreadable, path) {
  for (;;) {
    let step;
    try {
      step = iterator.next();
    } catch {
      throw marshalRefusal(unreadable, path);
    }
    if (step.done) return;
    yield step.value;
  }
}

function setAttribute(set, flags, path) {
  const members = [];
  for (const m of iteratorSteps(set.values(), 'an unreadable Set', path)) {
    if (m !== undefined) members.push(m);
    else if (!(flags & MARSHAL_NO_UNDEFINED)) throw marshalRefusal('a Set holds undefined (set removeUndefinedValues to leave it out)', path);
  }
  if (members.length === 0) throw marshalRefusal('DynamoDB stores no empty sets; leave the attribute out instead', path);
  const each = (read, message) => members.map((m) => {
    const text = read(m);
    if (text === undefined) throw marshalRefusal(message, path);
    return text;
  }).join(',');
  if (typeof members[0] === 'string') {
    return `{"SS":[${each((m) => (typeof m === 'string' ? quoteText(m) : undefined), 'a string set holds only strings')}]}`;
  }
  if (base64Of(members[0]) !== undefined) {
    return `{"BS":[${each((m) => { const b = base64Of(m); return b === undefined ? b : `"${b}"`; }, 'a binary set holds only binary')}]}`;
  }
  return `{"NS":[${each((m) => { const n = numberText(m, path); return n === undefined ? n : quoteText(n); }, 'a set holds strings, numbers or binary, of one kind')}]}`;
}

// `"name":{…}`, or nothing for an undefined value (as JSON.stringify).
const itemMember = (name, value, flags, path) => (value === undefined ? [] : [`${quoteText(name)}:${marshalAttribute(value, flags, fieldPath(path, name))}`]);

// An marshalItem (a plain object): `{"name":{…},…}`.
function marshalItem(value, flags, path) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw marshalRefusal('an item must be a plain object', path);
  return `{${Object.entries(value).flatMap(([name, v]) => itemMember(name, v, flags, path)).join(',')}}`;
}

// One attribute value: `{"S":"…"}`, `{"N":"…"}`, ….
function marshalAttribute(value, flags, path) {
  if (value === null) return '{"NULL":true}';
  if (value === undefined) throw marshalRefusal('undefined is not stored (set removeUndefinedValues to leave it out)', path);
  if (typeof value === 'boolean') return `{"BOOL":${value}}`;
  if (typeof value === 'string') return `{"S":${quoteText(value)}}`;
  const n = numberText(value, path);
  if (n !== undefined) return `{"N":${quoteText(n)}}`;
  if (typeof value !== 'object') throw marshalRefusal('functions and symbols cannot be stored in DynamoDB', path);
  if (Array.isArray(value)) {
    const list = [];
    Array.from(value).forEach((v, i) => {
      if (v !== undefined || !(flags & MARSHAL_NO_UNDEFINED)) list.push(marshalAttribute(v, flags, `${path ?? ''}[${i}]`));
    });
    return `{"L":[${list.join(',')}]}`;
  }
  const name = classNameOf(value);
  if (name === undefined) return `{"M":${marshalItem(value, flags, path)}}`;
  if (name === 'Set') return setAttribute(value, flags, path);
  if (name === 'Number' || name === 'String' || name === 'Boolean') return marshalAttribute(value.valueOf(), flags, path);
  if (name === 'Date' && value instanceof Date) return dateAttribute(value, flags, path);
  const b = base64Of(value);
  if (b !== undefined) return `{"B":"${b}"}`;
  if (!(flags & MARSHAL_CLASSES) || name === 'Date') {
    throw marshalRefusal(`a ${name} is not a plain object (set convertClassInstanceToMap to store its properties)`, path);
  }
  if (value instanceof Map) {
    const members = [];
    for (const entry of iteratorSteps(value.entries(), 'an unreadable Map', path)) {
      const [key, v] = Array.from(entry);
      if (typeof key !== 'string') throw marshalRefusal('a Map stored as M needs string keys', path);
      members.push(...itemMember(key, v, flags, path));
    }
    return `{"M":{${members.join(',')}}}`;
  }
  return `{"M":${marshalItem(value, flags, path)}}`;
}

// The DynamoDB JSON text of an marshalItem (flags & MARSHAL_ITEM) or of one
// attribute value; a TypeError for what cannot be stored.
function __rynamoMarshal(value, flags) {
  return flags & MARSHAL_ITEM ? marshalItem(value, flags, null) : marshalAttribute(value, flags, null);
}
