// The Node entry (ES module): the CommonJS entry's exports, so `import`
// and `require` share one set of classes.
import cjs from './node.cjs';
export const {
  Client, Condition, Update, NumberValue, toDynamoJson, fromDynamoJson, initSync,
  RynamoError, ConditionalCheckFailedException, TransactionCanceledException, ResourceNotFoundException,
  ResourceInUseException, ValidationException, ProvisionedThroughputExceededException, ThrottlingException,
  RequestLimitExceeded, TransactionConflictException, ItemCollectionSizeLimitExceededException,
  InternalServerError, UnrecognizedClientException, AccessDeniedException, RynamoTransportError,
  RynamoBatchIncomplete, RynamoEncodeError, RynamoDecodeError, RynamoTimeoutError,
} = cjs;
export default cjs.default;
