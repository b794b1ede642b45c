// The browser/bundler entry: call `await init()` (or `initSync({ module })`)
// once before anything else; it fetches the .wasm next to this file, or
// takes `{ module_or_path }` (a URL, Response, bytes or WebAssembly.Module).
import wasmInit, { initSync as wasmInitSync, __registerErrorClasses } from './web/rynamo_wasm.js';
export { Client, Condition, Update, NumberValue, toDynamoJson, fromDynamoJson } from './web/rynamo_wasm.js';
/*ERRORS*/
export {
  RynamoError, ConditionalCheckFailedException, TransactionCanceledException, ResourceNotFoundException,
  ResourceInUseException, ValidationException, ProvisionedThroughputExceededException, ThrottlingException,
  RequestLimitExceeded, TransactionConflictException, ItemCollectionSizeLimitExceededException,
  InternalServerError, UnrecognizedClientException, AccessDeniedException, RynamoTransportError,
  RynamoBatchIncomplete, RynamoEncodeError, RynamoDecodeError, RynamoTimeoutError,
};

export default async function init(input) {
  let exports;
  try {
    exports = await wasmInit(input);
  } catch (e) {
    if (input !== undefined) throw e;
    // The glue fetched the .wasm beside itself; a dev server that
    // pre-bundles dependencies (Vite's) serves the glue from elsewhere, and
    // its HTML fallback page is no wasm.
    throw new Error(`rynamo: init() could not load web/rynamo_wasm_bg.wasm from beside the package's glue (${e?.message ?? e}): serve it there or pass it, init({ module_or_path }); with Vite's dev server, set optimizeDeps: { exclude: ['rynamo'] }`, { cause: e });
  }
  __registerErrorClasses(errorClasses);
  return exports;
}

export function initSync(input) {
  const exports = wasmInitSync(input);
  __registerErrorClasses(errorClasses);
  return exports;
}
