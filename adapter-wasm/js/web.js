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
  const exports = await wasmInit(input);
  __registerErrorClasses(errorClasses);
  return exports;
}

export function initSync(input) {
  const exports = wasmInitSync(input);
  __registerErrorClasses(errorClasses);
  return exports;
}
