// DynamoDB JSON (the workbench's own form of every value) to and from what
// the rynamo-wasm package takes and gives. Every number goes to the package
// as a NumberValue built from its exact text, sets as Sets, binary as
// Uint8Array: the package's marshalling has nothing left to guess.
import { NumberValue, toDynamoJson } from '../adapter-wasm/pkg/web/rynamo_wasm.js';
import { typeOf, define } from './typed.js';

const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

/** A package item (plain JS from a read) as DynamoDB JSON. */
export const itemToAv = (item) => JSON.parse(toDynamoJson(item));

/** A DynamoDB JSON value as the JS value the package stores with exactly that type. */
export function avToJs(av) {
  const t = typeOf(av);
  const v = av[t];
  switch (t) {
    case 'S': case 'BOOL': return v;
    case 'NULL': return null;
    case 'N': return new NumberValue(v);
    case 'B': return bytes(v);
    case 'SS': return new Set(v);
    case 'NS': return new Set(v.map((n) => new NumberValue(n)));
    case 'BS': return new Set(v.map(bytes));
    case 'L': return v.map(avToJs);
    case 'M': return itemToJs(v);
    default: throw new TypeError(`unknown DynamoDB type ${t}`);
  }
}

/** A DynamoDB JSON item as the package's item. */
export function itemToJs(item) {
  const out = {};
  for (const [k, v] of Object.entries(item)) define(out, k, avToJs(v));
  return out;
}

/** The key attributes of an item. */
export function keyOf(item, keys) {
  const out = {};
  for (const k of keys) {
    if (!Object.hasOwn(item, k)) throw new TypeError(`the item has no key attribute \`${k}\``);
    out[k] = item[k];
  }
  return out;
}
