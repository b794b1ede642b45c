// The error classes of the package (inlined into each entry file by
// adapter-wasm/build.sh). Rynamo rejects with an instance of the class
// named like DynamoDB's error, so `err instanceof ConditionalCheckFailedException`
// and `err.name === 'ConditionalCheckFailedException'` both work. Bad input
// is a plain TypeError (or RangeError for numbers), as in lib-dynamodb.
class RynamoError extends Error {
  constructor(message) {
    super(message);
    this.name = new.target.name;
  }
}
class ConditionalCheckFailedException extends RynamoError {}
class TransactionCanceledException extends RynamoError {}
class ResourceNotFoundException extends RynamoError {}
class ResourceInUseException extends RynamoError {}
class ValidationException extends RynamoError {}
class ProvisionedThroughputExceededException extends RynamoError {}
class ThrottlingException extends RynamoError {}
class RequestLimitExceeded extends RynamoError {}
class TransactionConflictException extends RynamoError {}
class ItemCollectionSizeLimitExceededException extends RynamoError {}
class InternalServerError extends RynamoError {}
class UnrecognizedClientException extends RynamoError {}
class AccessDeniedException extends RynamoError {}
class RynamoTransportError extends RynamoError {}
class RynamoBatchIncomplete extends RynamoError {}
class RynamoEncodeError extends RynamoError {}
class RynamoDecodeError extends RynamoError {}
// A deadline passed (`deadline`: "attempt" or "total"); its name is
// "TimeoutError", like an AbortSignal.timeout() rejection.
class RynamoTimeoutError extends RynamoError {}
const errorClasses = {
  RynamoError, ConditionalCheckFailedException, TransactionCanceledException, ResourceNotFoundException,
  ResourceInUseException, ValidationException, ProvisionedThroughputExceededException, ThrottlingException,
  RequestLimitExceeded, TransactionConflictException, ItemCollectionSizeLimitExceededException,
  InternalServerError, UnrecognizedClientException, AccessDeniedException, RynamoTransportError,
  RynamoBatchIncomplete, RynamoEncodeError, RynamoDecodeError, RynamoTimeoutError,
};
