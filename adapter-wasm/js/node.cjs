'use strict';
// The Node entry (CommonJS): the wasm-bindgen glue loads the .wasm
// synchronously, so there is nothing to initialise.
const wasm = require('./node/rynamo_wasm.js');
/*ERRORS*/
wasm.__registerErrorClasses(errorClasses);
module.exports = {
  Client: wasm.Client,
  Condition: wasm.Condition,
  Update: wasm.Update,
  NumberValue: wasm.NumberValue,
  toDynamoJson: wasm.toDynamoJson,
  fromDynamoJson: wasm.fromDynamoJson,
  ...errorClasses,
  // The same shape as the web entry: `await init()` is harmless on Node.
  default: async function init() {},
  initSync: function initSync() {},
};
