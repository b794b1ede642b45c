// The named methods of the package's classes, over one wasm export per
// class (appended to the wasm-bindgen glue by adapter-wasm/build.sh, so the
// glue, the entry files and the workbench all get them). Each operation
// calls Client#__run with its index in this list; Condition's factories
// and Update's actions are Condition.__make and Update#__push by index.
// One export per class instead of one per method saves each method its
// wasm-bindgen shim in the .wasm and its wrapper in the glue.
// Non-enumerable, as class methods are.
const defineMethod = (target, name, value) =>
  Object.defineProperty(target, name, { value, writable: true, configurable: true });
['put', 'get', 'update', 'delete', 'query', 'scan', 'count', 'batchWrite', 'batchGet', 'transactWrite',
  'transactGet', 'listTables', 'createTable', 'describeTable', 'deleteTable', 'describeTimeToLive',
  'updateTimeToLive'].forEach((name, i) => {
  defineMethod(Client.prototype, name, function (a, b, c, d) { return this.__run(i, a, b, c, d); });
});
['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'between', 'isIn', 'exists', 'notExists', 'isType', 'beginsWith', 'contains',
  'size'].forEach((name, i) => {
  defineMethod(Condition, name, (path, a, b) => Condition.__make(i, path, a, b));
});
// The condition itself is the path argument of these.
['and', 'or', 'not'].forEach((name, i) => {
  defineMethod(Condition.prototype, name, function (other) { return Condition.__make(14 + i, this, other); });
});
['set', 'setIfNotExists', 'increment', 'decrement', 'append', 'prepend', 'remove', 'add', 'delete'].forEach((name, i) => {
  defineMethod(Update.prototype, name, function (path, value) { return this.__push(i, path, value); });
});
// A NumberValue is its exact text: template strings print it, JSON.stringify
// writes it (as a string: a JSON number would be rounded by JSON.parse), and
// the marshaller recognises a NumberValue by __rynamoNumber.
for (const name of ['toString', 'valueOf', 'toJSON']) {
  defineMethod(NumberValue.prototype, name, function () { return this.value; });
}
Object.defineProperty(NumberValue.prototype, '__rynamoNumber', { get() { return this.value; }, configurable: true });
