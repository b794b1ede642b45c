// Types of the `rynamo` package (hand-written: the wasm-bindgen output is
// untyped JsValue underneath). Every options argument is optional.

/** A stored value: what `get`/`query` return and `put` accepts. */
export type AttributeValue =
  | string | number | bigint | boolean | null | NumberValue | Uint8Array
  | Set<string> | Set<number | bigint | NumberValue> | Set<Uint8Array>
  | AttributeValue[] | { [name: string]: AttributeValue | undefined };
/** A plain item. */
export type Item = Record<string, any>;
/** A path: "a.b[0].c", or ["a.b", 0, "c"] for names containing dots. */
export type Path = string | (string | number)[];
/** DynamoDB's type tags, for `Condition.isType`. */
export type TypeTag = "S" | "N" | "B" | "BOOL" | "NULL" | "M" | "L" | "SS" | "NS" | "BS";
/** Comparison operators of `Condition.size`. */
export type Comparator = "=" | "<>" | "<" | "<=" | ">" | ">=";
export type ReturnValue = "NONE" | "ALL_OLD" | "UPDATED_OLD" | "ALL_NEW" | "UPDATED_NEW";

/** lib-dynamodb's `marshallOptions`, plus `dates`. */
export interface MarshallOptions {
  /** Class instances (and Maps with string keys) are stored as M of their own enumerable properties. */
  convertClassInstanceToMap?: boolean;
  /** `undefined` members of lists and sets are left out instead of refused. */
  removeUndefinedValues?: boolean;
  /**
   * How a `Date` is stored (refused by default): "iso" as PynamoDB's
   * UTCDateTimeAttribute text (S, `2024-01-02T03:04:05.678000+0000`),
   * "epoch" as seconds since 1970 (N, milliseconds as a fraction).
   */
  dates?: "iso" | "epoch";
}
/** lib-dynamodb's `unmarshallOptions`. */
export interface UnmarshallOptions {
  /**
   * false (default): numbers are `number`s, and one a `number` cannot hold
   * exactly is a RangeError; true: every number is a NumberValue; a
   * function: called with each number's text.
   */
  wrapNumbers?: boolean | ((text: string) => unknown);
}
/**
 * Credentials from a provider (Cognito, STS…): refreshed five minutes before `expiration` (at half their
 * life when that is sooner), one call at a time; a failed refresh keeps using credentials still valid.
 */
export interface ProvidedCredentials { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date | number }
export interface ClientConfig {
  /** Where requests go; without it, the region's DynamoDB (`https://dynamodb.<region>.amazonaws.com`, `.amazonaws.com.cn` in China). */
  endpoint?: string;
  /** The region requests are signed for: required without `endpoint`; with one, `us-east-1` when unset. */
  region?: string;
  /**
   * Fixed credentials or a provider. Without them: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` (and
   * `AWS_SESSION_TOKEN`) from `process.env` where there is one (Node, Lambda); else, only with an
   * `endpoint` (DynamoDB Local), placeholder keys.
   */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | (() => Promise<ProvidedCredentials> | ProvidedCredentials);
  tablePrefix?: string;
  /** Attempts per request, the first included (default 10, 50 ms base backoff). */
  maxAttempts?: number;
  /**
   * Milliseconds each call may take (retries included) before it rejects with a TimeoutError;
   * without it each request of a call gets 30 s in all (`deadline: "total"` on the error).
   */
  timeout?: number;
  /**
   * Milliseconds one attempt may wait for its reply before it is aborted and retried
   * (default 10,000); the last one rejects with a TimeoutError whose `deadline` is "attempt".
   */
  attemptTimeout?: number;
  /**
   * The AWS SDKs' adaptive retry mode: after throttling, requests wait for a client-side
   * rate limiter (CUBIC) before they are sent. Off by default (standard mode: a retry quota
   * shared by the client's calls, which stops retrying when most attempts fail).
   */
  adaptiveRetry?: boolean;
  /** A function like the global `fetch` (redirects are never followed). */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** Extra headers on every request (unsigned). */
  headers?: Record<string, string>;
  /** Allow a plain `http` endpoint on a host that is not loopback (refused by default: signed requests and session tokens would travel in clear text). `http` to localhost, 127.0.0.0/8 and [::1] is always allowed. */
  allowHttp?: boolean;
  /** The largest reply body read, in bytes (default 64 MiB, four times DynamoDB's largest reply, a 16 MB BatchGetItem); a larger reply is cancelled as it passes the limit and rejects with a RynamoTransportError of kind "ReplyTooLarge". */
  maxReplyBytes?: number;
  /** Keep the last requests for `takeRequests()`: true (1,000) or how many. Off by default. */
  recordRequests?: boolean | number;
  /** Ask for consumed capacity; read it from `client.consumedCapacity` and `page.consumedCapacity`. */
  returnConsumedCapacity?: boolean;
  marshallOptions?: MarshallOptions;
  unmarshallOptions?: UnmarshallOptions;
}
/** What every call accepts. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Milliseconds; overrides the client's `timeout`. */
  timeout?: number;
  marshallOptions?: MarshallOptions;
  unmarshallOptions?: UnmarshallOptions;
}
export interface WriteOptions extends CallOptions {
  condition?: Condition;
  returnValues?: ReturnValue;
  /** Same as `returnValues: "ALL_OLD"`. */
  returnOld?: boolean;
  returnItemOnConditionFailure?: boolean;
}
export interface GetOptions extends CallOptions { consistentRead?: boolean; projection?: Path[] }
export interface ReadOptions extends CallOptions {
  index?: string; filter?: Condition; consistentRead?: boolean; startKey?: Item; projection?: Path[];
  /** Items DynamoDB reads per request. */
  pageSize?: number;
  /** Items returned in all (the last page may stop mid-page; its lastEvaluatedKey resumes there). */
  limit?: number;
  /** Pages read at most; asking for one more rejects with a RynamoError (a server that never stops handing out resume keys). `count` defaults to 100,000 (about 100 GB at 1 MB per page); page iterators have no budget unless set. */
  maxPages?: number;
}
export interface QueryOptions extends ReadOptions {
  /** The hash key (and optionally the range key, matched with =). */
  key: Item;
  /** The hash key's name, if the key schema should not be read (DescribeTable, once per client). */
  hashKey?: string;
  range?: Condition;
  reverse?: boolean;
}
export interface ScanOptions extends ReadOptions { segment?: number; totalSegments?: number }
export interface CountOptions extends ReadOptions { key?: Item; hashKey?: string; range?: Condition; segment?: number; totalSegments?: number }
export interface Page<T = Item> { items: T[]; count: number; scannedCount: number; lastEvaluatedKey?: Item; consumedCapacity?: number }
export interface Pages<T = Item> extends AsyncIterableIterator<Page<T>> {
  next(): Promise<IteratorResult<Page<T>, undefined>>;
  /** Ends early and releases the iterator's state (`for await … break` calls it). */
  return(): Promise<IteratorResult<Page<T>, undefined>>;
}
export interface KeyAttribute { name: string; type: "S" | "N" | "B" }
export interface TableOptions extends CallOptions {
  hashKey: KeyAttribute; rangeKey?: KeyAttribute;
  indexes?: { name: string; global: boolean; hashKey: KeyAttribute; rangeKey?: KeyAttribute; projection?: "ALL" | "KEYS_ONLY" | string[] }[];
  billing?: { read: number; write: number };
}
export interface KeyElement { name: string; hash: boolean }
/** Provisioned capacity units per second. */
export interface Throughput { read: number; write: number }
export interface TableDescription {
  name: string; status: "CREATING" | "UPDATING" | "DELETING" | "ACTIVE" | "INACCESSIBLE_ENCRYPTION_CREDENTIALS" | "ARCHIVING" | "ARCHIVED" | string;
  itemCount: number; keySchema: KeyElement[];
  /** Types of the key attributes of the table and its indexes (`AttributeDefinitions`). */
  attributeTypes: Record<string, "S" | "N" | "B">;
  /** `true` for on-demand (pay-per-request) billing. */
  onDemand: boolean;
  /** Provisioned read/write capacity; `null` when on-demand. */
  provisioned: Throughput | null;
  /** `provisioned` is `null` for a local index (it shares the table's) and when on-demand. */
  indexes: { name: string; global: boolean; keySchema: KeyElement[]; provisioned: Throughput | null }[];
}
export type TransactItem =
  | { put: { table: string; item: Item; condition?: Condition; returnItemOnConditionFailure?: boolean } }
  | { update: { table: string; key: Item; update: Update; condition?: Condition; returnItemOnConditionFailure?: boolean } }
  | { delete: { table: string; key: Item; condition?: Condition; returnItemOnConditionFailure?: boolean } }
  | { check: { table: string; key: Item; condition: Condition; returnItemOnConditionFailure?: boolean } };
export interface TransactGetItem { table: string; key: Item; projection?: Path[] }

export class Client {
  constructor(config: ClientConfig);
  free(): void;
  put<T extends Item = Item>(table: string, item: T, options?: WriteOptions): Promise<T | undefined>;
  get<T extends Item = Item>(table: string, key: Item, options?: GetOptions): Promise<T | undefined>;
  update<T extends Item = Item>(table: string, key: Item, update: Update, options?: WriteOptions): Promise<T | undefined>;
  delete<T extends Item = Item>(table: string, key: Item, options?: WriteOptions): Promise<T | undefined>;
  query<T extends Item = Item>(table: string, options: QueryOptions): Pages<T>;
  scan<T extends Item = Item>(table: string, options?: ScanOptions): Pages<T>;
  count(table: string, options?: CountOptions): Promise<number>;
  batchWrite(table: string, writes: { puts?: Item[]; deletes?: Item[] }, options?: CallOptions): Promise<void>;
  batchGet<T extends Item = Item>(table: string, keys: Item[], options?: GetOptions): Promise<T[]>;
  transactWrite(items: TransactItem[], options?: string | (CallOptions & { token?: string })): Promise<void>;
  transactGet<T extends Item = Item>(items: TransactGetItem[], options?: CallOptions): Promise<(T | undefined)[]>;
  listTables(options?: CallOptions): Promise<string[]>;
  createTable(table: string, options: TableOptions): Promise<void>;
  describeTable(table: string, options?: CallOptions): Promise<TableDescription>;
  deleteTable(table: string, options?: CallOptions): Promise<void>;
  describeTimeToLive(table: string, options?: CallOptions): Promise<{ status: "ENABLED" | "ENABLING" | "DISABLED" | "DISABLING"; attribute?: string }>;
  updateTimeToLive(table: string, attribute: string, enabled: boolean, options?: CallOptions): Promise<void>;
  /** The requests sent since the last call (only with `recordRequests`). */
  takeRequests(): { action: string; body: string }[];
  /** Capacity units consumed so far (with `returnConsumedCapacity`). */
  readonly consumedCapacity: number;
}

export class Condition {
  private constructor();
  free(): void;
  static eq(path: Path, value: AttributeValue): Condition;
  static ne(path: Path, value: AttributeValue): Condition;
  static lt(path: Path, value: AttributeValue): Condition;
  static le(path: Path, value: AttributeValue): Condition;
  static gt(path: Path, value: AttributeValue): Condition;
  static ge(path: Path, value: AttributeValue): Condition;
  static between(path: Path, low: AttributeValue, high: AttributeValue): Condition;
  static isIn(path: Path, values: AttributeValue[]): Condition;
  static exists(path: Path): Condition;
  static notExists(path: Path): Condition;
  static isType(path: Path, type: TypeTag): Condition;
  static beginsWith(path: Path, prefix: string | Uint8Array): Condition;
  static contains(path: Path, member: AttributeValue): Condition;
  static size(path: Path, op: Comparator, n: number): Condition;
  and(other: Condition): Condition;
  or(other: Condition): Condition;
  not(): Condition;
}

export class Update {
  constructor();
  free(): void;
  set(path: Path, value: AttributeValue): Update;
  setIfNotExists(path: Path, value: AttributeValue): Update;
  increment(path: Path, n: number | bigint | NumberValue): Update;
  decrement(path: Path, n: number | bigint | NumberValue): Update;
  append(path: Path, items: AttributeValue[]): Update;
  prepend(path: Path, items: AttributeValue[]): Update;
  remove(path: Path): Update;
  add(path: Path, value: number | bigint | NumberValue | Set<any>): Update;
  delete(path: Path, elements: Set<any>): Update;
}

/** A DynamoDB number as exact text (up to 38 digits). */
export class NumberValue {
  constructor(value: string | number | bigint);
  free(): void;
  readonly value: string;
  toString(): string;
  valueOf(): string;
  /** The exact text, so JSON.stringify never rounds. */
  toJSON(): string;
}

export function toDynamoJson(item: Item, options?: MarshallOptions): string;
export function fromDynamoJson<T extends Item = Item>(text: string, options?: UnmarshallOptions): T;

/** Loads the .wasm (browsers/bundlers; a no-op on Node). */
export default function init(input?: { module_or_path: RequestInfo | URL | Response | BufferSource | WebAssembly.Module }): Promise<unknown>;
export function initSync(input?: { module: BufferSource | WebAssembly.Module }): unknown;

export class RynamoError extends Error {
  /** Whether the same request may succeed later. */
  retryable: boolean;
  /** The HTTP status of DynamoDB's reply, for service errors. */
  httpStatusCode?: number;
  /** `x-amzn-requestid` of the last reply, when there was one. */
  requestId?: string;
}
export class ConditionalCheckFailedException extends RynamoError {
  /** The stored item, with `returnItemOnConditionFailure`. */
  item?: Item;
}
export interface CancellationReason { code: "None" | "ConditionalCheckFailed" | "ItemCollectionSizeLimitExceeded" | "TransactionConflict" | "ProvisionedThroughputExceeded" | "ThrottlingError" | "ValidationError" | string; message?: string; item?: Item }
export class TransactionCanceledException extends RynamoError {
  /** One per transaction item, in order. */
  reasons: CancellationReason[];
}
export class ResourceNotFoundException extends RynamoError {}
export class ResourceInUseException extends RynamoError {}
export class ValidationException extends RynamoError {}
export class ProvisionedThroughputExceededException extends RynamoError {}
export class ThrottlingException extends RynamoError {}
export class RequestLimitExceeded extends RynamoError {}
export class TransactionConflictException extends RynamoError {}
export class ItemCollectionSizeLimitExceededException extends RynamoError {}
export class InternalServerError extends RynamoError {}
export class UnrecognizedClientException extends RynamoError {}
export class AccessDeniedException extends RynamoError {}
export class RynamoTransportError extends RynamoError {
  /** "Connect", "Timeout", "Io", "Request" (a refused redirect, a failed credentials provider…) or "ReplyTooLarge" (over `maxReplyBytes`). */
  kind: "Connect" | "Timeout" | "Io" | "Request" | "ReplyTooLarge";
}
export class RynamoBatchIncomplete extends RynamoError {}
export class RynamoEncodeError extends RynamoError {}
export class RynamoDecodeError extends RynamoError {}
/** A deadline passed before DynamoDB answered; `name` is "TimeoutError". */
export class RynamoTimeoutError extends RynamoError {
  /** "attempt": the last attempt got no reply within `attemptTimeout`; "total": the request's `timeout` passed. */
  deadline: "attempt" | "total";
  /** Attempts started before it passed. */
  attempts: number;
}
