// The named methods of the package's classes, over one wasm export per
// class (appended to the wasm-bindgen glue by adapter-wasm/build.sh, so the
// glue, the entry files and the workbench all get them), and the Condition
// and Update classes. Each operation calls Client#__run with its index in
// this list; Condition's factories and Update's actions are checked by
// __condition and __update by index.
// One export per class instead of one per method saves each method its
// wasm-bindgen shim in the .wasm and its wrapper in the glue.
// Non-enumerable, as class methods are.
const defineMethod = (target, name, value) =>
  Object.defineProperty(target, name, { value, writable: true, configurable: true });
// Each operation: its name, where its options are among its arguments
// (for unmarshallOptions), and how its result is read (unmarshal.js).
const readItems = (texts, wrap) => texts.map((text) => unmarshalOptional(text, wrap));
[['put', 2, unmarshalOptional], ['get', 2, unmarshalOptional], ['update', 3, unmarshalOptional],
  ['delete', 2, unmarshalOptional], ['query', 1], ['scan', 1], ['count', 1], ['batchWrite', 2],
  ['batchGet', 2, readItems], ['transactWrite', 1], ['transactGet', 1, readItems], ['listTables', 0],
  ['createTable', 1], ['describeTable', 1], ['deleteTable', 1], ['describeTimeToLive', 1],
  ['updateTimeToLive', 3]].forEach(([name, optionsAt, read], i) => {
  defineMethod(Client.prototype, name, function (a, b, c, d) {
    const wrap = wrappingFor(this, [a, b, c, d][optionsAt]);
    // count: a copy of its options with countOnly (the caller's untouched).
    if (name === 'count') b = Object.assign({}, typeof b === 'object' ? b : null, { countOnly: true });
    const out = this.__run(i, a, b, c, d);
    // query and scan: pages, read as they arrive.
    if (name === 'query' || name === 'scan') return Object.defineProperty(out, '__wrap', { value: wrap });
    return out.then(read && ((result) => read(result, wrap)), (e) => { throw errorItems(e, wrap); });
  });
});
// takeRequests() and the consumedCapacity and __unmarshallOptions getters
// are __run's actions 17 to 19 (no export of their own).
defineMethod(Client.prototype, 'takeRequests', function () { return this.__run(17); });
['consumedCapacity', '__unmarshallOptions'].forEach((name, i) => {
  Object.defineProperty(Client.prototype, name, { get() { return this.__run(18 + i); }, configurable: true });
});
// Pages are async-iterable: `for await (const page of client.query(…))`.
defineMethod(Pages.prototype, Symbol.asyncIterator, function () { return this; });
// The wasm hands each page over as [items, count, scannedCount,
// lastEvaluatedKey, consumedCapacity] (items and key as DynamoDB JSON
// text), then undefined once there are no more.
const nextPage = Pages.prototype.next;
defineMethod(Pages.prototype, 'next', function () {
  const wrap = this.__wrap ?? false;
  return nextPage.call(this).then((page) => {
    if (page === undefined) return { done: true };
    const [items, count, scannedCount, lastEvaluatedKey, consumedCapacity] = page;
    const value = { items: items.map((text) => unmarshal(text, wrap)), count, scannedCount };
    if (lastEvaluatedKey !== undefined) value.lastEvaluatedKey = unmarshal(lastEvaluatedKey, wrap);
    if (consumedCapacity !== undefined) value.consumedCapacity = consumedCapacity;
    return { value, done: false };
  }, (e) => { throw errorItems(e, wrap); });
});
const finishPages = Pages.prototype.return;
defineMethod(Pages.prototype, 'return', function () {
  finishPages.call(this);
  return Promise.resolve({ done: true });
});
// Conditions and updates are JS objects holding their recipe (src/js/expr.rs
// builds the core's expression of it where a call reads it): a condition
// [kind, path, a, b] (its factory's index below; and, or and not hold the
// recipes they join), an update a list of [kind, path, value] (its
// action's index below). Each step is checked by the wasm as it is added
// (the errors of building the expression there), which hands back what the
// recipe keeps of its values (their DynamoDB JSON text, as the wasm read
// them); its path array is copied.
// free() lets go of what an object holds, as it did when the wasm held it:
// a freed condition or update is refused where one is expected, a freed
// NumberValue has no value.
const held = (target, key, value) => Object.defineProperty(target, key, { value, writable: true, enumerable: true });
const made = (Class, key, recipe) => held(Object.create(Class.prototype), key, recipe);
const freed = () => new Error('null pointer passed to rust');
const pathOf = (path) => (Array.isArray(path) ? Array.prototype.slice.call(path) : path);
class Condition {
  free() {
    this.__rynamoCondition = undefined;
  }
}
class Update {
  constructor() {
    held(this, '__rynamoUpdate', []);
  }

  free() {
    this.__rynamoUpdate = undefined;
  }
}
// A DynamoDB number kept as exact decimal text (up to 38 digits): made
// from its text, or a number (its text as the marshaller writes it) or
// bigint, checked by the core's parser (__numberText: a RangeError when it
// is no DynamoDB number).
class NumberValue {
  constructor(value) {
    if (typeof value === 'number') value = Number.isFinite(value) ? doubleText(value, null) : String(value);
    else if (typeof value === 'bigint') value = value.toString();
    held(this, '__rynamoText', __numberText(value));
  }

  /** The decimal text. */
  get value() {
    const text = this.__rynamoText;
    if (text === undefined) throw freed();
    return text;
  }

  free() {
    this.__rynamoText = undefined;
  }
}
for (const Class of [Condition, Update, NumberValue]) {
  if (Symbol.dispose) Class.prototype[Symbol.dispose] = Class.prototype.free;
}
const TYPE_TAGS = ['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS'];
const COMPARATOR_TEXTS = ['=', '<>', '<', '<=', '>', '>='];
['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'between', 'isIn', 'exists', 'notExists', 'isType', 'beginsWith', 'contains',
  'size'].forEach((name, i) => {
  defineMethod(Condition, name, (path, a, b) => {
    // isType and size: the tag's or operator's index in its list.
    if (i === 10 || i === 13) {
      const text = typeof a === 'string' ? a : '';
      a = (i === 10 ? TYPE_TAGS : COMPARATOR_TEXTS).indexOf(text);
      if (a < 0) throw new TypeError(wellFormedText(`\`${text}\` is not a ${i === 10 ? 'DynamoDB type' : 'comparison'}`));
    }
    const read = __condition(i, path, a, b);
    return made(Condition, '__rynamoCondition', [i, pathOf(path), read[0], read[1]]);
  });
});
const recipeOf = (condition) => (condition instanceof Condition ? condition.__rynamoCondition : undefined);
// The condition itself is the path argument of these.
['and', 'or', 'not'].forEach((name, i) => {
  defineMethod(Condition.prototype, name, function (other) {
    const recipe = [14 + i, recipeOf(this), i === 2 ? undefined : recipeOf(other)];
    __condition(...recipe);
    return made(Condition, '__rynamoCondition', recipe);
  });
});
['set', 'setIfNotExists', 'increment', 'decrement', 'append', 'prepend', 'remove', 'add', 'delete'].forEach((name, i) => {
  defineMethod(Update.prototype, name, function (path, value) {
    const actions = this.__rynamoUpdate;
    if (actions === undefined) throw freed();
    const read = __update(i, path, value);
    return made(Update, '__rynamoUpdate', [...actions, [i, pathOf(path), read[0]]]);
  });
});
// A NumberValue is its exact text: template strings print it, JSON.stringify
// writes it (as a string: a JSON number would be rounded by JSON.parse), and
// the marshaller recognises a NumberValue by __rynamoNumber.
for (const name of ['toString', 'valueOf', 'toJSON']) {
  defineMethod(NumberValue.prototype, name, function () { return this.value; });
}
Object.defineProperty(NumberValue.prototype, '__rynamoNumber', { get() { return this.value; }, configurable: true });
// The error classes the entry files define (errors.js) and register:
// a Rynamo error is an instance of the class named like DynamoDB's error,
// else of RynamoError; without registration a plain Error.
let errorClasses = {};
function __registerErrorClasses(classes) {
  errorClasses = classes;
}
// Called by the wasm (src/js/error.rs) for each error it rejects with,
// with its fields (status and requestId when known; `items` marks an error
// whose items unmarshal.js reads).
function __rynamoError(className, name, message, retryable, status, requestId, items) {
  let Class = errorClasses[className];
  if (typeof Class !== 'function') Class = errorClasses.RynamoError;
  let error;
  try {
    error = typeof Class === 'function' ? new Class(message) : new Error(message);
  } catch {
    error = new Error(message);
  }
  error.name = name;
  error.retryable = retryable;
  if (status !== undefined) error.httpStatusCode = status;
  if (requestId !== undefined) error.requestId = requestId;
  if (items) error.__rynamoItems = true;
  return error;
}
// A failed call's rejection (src/js/client.rs): the abort reason when the
// caller's signal aborted it, else the error.
function __rynamoAborted(signal, error) {
  try {
    if (signal.aborted === true) return signal.reason;
  } catch {}
  return error;
}
// The requests clients record (recordRequests), kept for takeRequests():
// src/js/recorder.rs opens a log per recording client, hands over each
// request and closes the log once the client and its calls are freed.
const requestLogs = new Map();
function __rynamoOpenLog(log, limit) {
  requestLogs.set(log, { limit, requests: [] });
}
function __rynamoRecord(log, action, body) {
  const open = requestLogs.get(log);
  if (open === undefined) return;
  if (open.requests.length >= open.limit) open.requests.shift();
  open.requests.push({ action, body });
}
function __rynamoTakeLog(log) {
  const open = requestLogs.get(log);
  if (open === undefined) return [];
  const taken = open.requests;
  open.requests = [];
  return taken;
}
function __rynamoCloseLog(log) {
  requestLogs.delete(log);
}
