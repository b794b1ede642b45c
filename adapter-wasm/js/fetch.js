// rynamo-wasm's transport in JS: the whole signed HTTP exchange (SigV4 over
// WebCrypto, fetch, timeouts and aborts, the reply-size limit, the request
// id, the credentials provider) and the clock of the core's
// retry loop. The wasm only hands over the target and the body bytes and
// reads back `[status, body]` or `[-1 - kind, message]` (fetch.rs): every
// worker and the JS package then ship no SHA-256, HMAC, canonical-request
// or Request/Headers/stream code compiled to wasm.
//
// wasm-bindgen copies this file next to the glue as a snippet (an ES
// module); adapter-wasm/build.sh writes a CommonJS copy for the Node glue.
// WebCrypto (`crypto.subtle`) is in workerd, browsers (secure contexts:
// https or loopback) and Node >= 19 (build.sh's CommonJS copy reaches it
// through `require('node:crypto')` on Node 18).

// TransportErrorKind's variants, in their order in the core.
const CONNECT = 0;
const IO = 2;
const REQUEST = 3;
const REPLY_TOO_LARGE = 4;
// The credentials cache's rule, as rynamo-native's CredentialsCache keeps
// it: refresh five minutes before expiry (rynamo_core's
// REFRESH_AHEAD_SECONDS, which a test in fetch.rs pins this to) or at half
// the lifetime when that is sooner; after a failed refresh of still-valid
// credentials, ask again 5 s later at the earliest.
const REFRESH_AHEAD_MS = 300000;
const RETRY_AFTER_MS = 5000;
// The largest reply read for a refused signing time (rynamo_core's
// error::MAX_SIGNING_REFUSAL_BYTES, which a test in fetch.rs pins this to).
const MAX_SIGNING_REFUSAL_BYTES = 4096;
const U64_MAX = 18446744073709551615n;
const encoder = new TextEncoder();

const isObject = (v) => typeof v === 'object' && v !== null;
// What a JS failure says: a string as it is, an Error's message, else String(e).
const detail = (e) => {
  try {
    return typeof e === 'string' ? e : isObject(e) && typeof e.message === 'string' ? e.message : String(e);
  } catch {
    return '';
  }
};
const fail = (kind, message) => [-1 - kind, encoder.encode(message)];
// A JS failure; of kind REQUEST (never retried) when the caller's signal or
// the timeout aborted it, as the same signal would abort again.
const failed = (given, kind, what, e) => fail(isObject(given) && given.aborted === true ? REQUEST : kind, `${what}: ${detail(e)}`);
const tooLarge = (max, length) =>
  fail(REPLY_TOO_LARGE, `the reply${length === undefined ? ' passed' : `'s ${length} bytes are over`} the limit of ${max} bytes (maxReplyBytes)`);

/**
 * A transport's settings: the endpoint as `fetch` normalizes it (what is
 * signed is what is sent), the region and fixed credentials. The builder
 * methods of FetchTransport copy it with one setting changed (`with`).
 */
export function rynamoTransport(endpoint, region, accessKeyId, secretAccessKey, sessionToken) {
  // No scheme means https; a query or fragment means nothing to DynamoDB.
  let text = endpoint.trim();
  if (!text.includes('://')) text = `https://${text}`;
  let url = text;
  let host = '';
  let path = '/';
  let insecure = false;
  try {
    const parsed = new URL(text);
    ({ host, pathname: path } = parsed);
    url = `${parsed.protocol}//${host}${path}`;
    const name = parsed.hostname;
    insecure = parsed.protocol === 'http:' && !(name === 'localhost' || name === '[::1]' || /^127\.[\d.]*$/.test(name));
  } catch {
    // Not a URL: fetch refuses it at each attempt (nothing is sent).
  }
  // Unset until a builder sets them: allowHttp, fetch, timeout, signal.
  // `clock.skew`: how far the server's clock is ahead of this one, in ms
  // (shared by the copies, as the credentials cache is).
  return {
    url, host, path, region, insecure, max: 64 * 1024 * 1024, headers: [], call: {},
    credentials: { value: { accessKeyId, secretAccessKey, sessionToken } }, clock: { skew: 0 },
  };
}

/**
 * The JS client's transport (`new Client(config)`): fixed credentials
 * (the environment's when none are given, else `local` for a missing key)
 * or a provider, allowHttp, maxReplyBytes,
 * fetch and headers. A wrong option is a TypeError naming it, as the
 * client's other options are (options.rs: null and undefined are not given).
 */
export function rynamoConfigured(config, endpoint, region) {
  const option = (object, key) => {
    if (!isObject(object) && typeof object !== 'function') return undefined;
    try {
      return object[key] ?? undefined;
    } catch {
      return undefined;
    }
  };
  // No credentials: the environment's, where there is one (Node, Lambda,
  // ECS), as the AWS SDK's default chain starts; else placeholders, which
  // only DynamoDB Local accepts, so only with an endpoint given.
  const env = globalThis.process?.env ?? {};
  let credentials = option(config, 'credentials');
  if (credentials === undefined && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || undefined };
  }
  if (credentials === undefined && option(config, 'endpoint') === undefined) {
    throw new TypeError('config.credentials is required for AWS (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment); without an endpoint the client talks to AWS');
  }
  const key = (name) => {
    const value = option(credentials, name);
    return typeof value === 'string' ? value : undefined;
  };
  const transport = rynamoTransport(endpoint, region, key('accessKeyId') ?? 'local', key('secretAccessKey') ?? 'local', key('sessionToken'));
  transport.allowHttp = option(config, 'allowHttp') === true;
  // Refused here already, rather than on the first call.
  if (transport.insecure && !transport.allowHttp) {
    throw new TypeError('config.endpoint: refusing plain http to a host that is not loopback (signed requests and session tokens would be sent in clear text); use https, or set allowHttp: true');
  }
  const max = option(config, 'maxReplyBytes');
  if (max !== undefined) {
    if (!(Number.isInteger(max) && max >= 0 && max <= Number.MAX_SAFE_INTEGER)) throw new TypeError('`maxReplyBytes` is a whole number of at least 0');
    transport.max = max;
  }
  if (typeof credentials === 'function') transport.credentials = { provider: credentials };
  const fetch = option(config, 'fetch');
  if (fetch !== undefined) {
    if (typeof fetch !== 'function') throw new TypeError('config.fetch must be a function like fetch');
    transport.fetch = fetch;
  }
  const headers = option(config, 'headers');
  if (headers !== undefined) {
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value !== 'string') throw new TypeError('config.headers values are strings');
      transport.headers.push([name, value]);
    }
  }
  return transport;
}

/** `transport` with one setting changed (a copy: clones keep theirs). */
export function rynamoWith(transport, key, value, more) {
  const copy = { ...transport };
  if (key === 'headers') copy.headers = [...copy.headers, [value, more]];
  // A provider's own cache, shared by the copies made from this one.
  else if (key === 'credentials') copy.credentials = { provider: value };
  // A fresh request-id slot (for one call).
  else if (key === 'call') copy.call = {};
  else copy[key] = value;
  return copy;
}

/** What FetchTransport's getters read. */
export function rynamoRead(transport, key) {
  return key === 'insecure' ? transport.insecure && !transport.allowHttp : key === 'id' ? transport.call.id : transport[key];
}

/**
 * Sends one signed request; the promise never rejects. `abort()` stops it
 * (the wasm calls it when its future is dropped: the core abandoned the
 * attempt at a deadline); after the promise settled it does nothing.
 */
export function rynamoSend(transport, target, body) {
  // Copied before any await: `body` is a view of the wasm's memory.
  body = body.slice();
  let own;
  try {
    own = new AbortController();
  } catch {
    // A host without it: a dropped attempt runs on unobserved.
  }
  const pending = exchange(transport, target, body, own).then(
    (reply) => ((own = undefined), reply),
    (e) => ((own = undefined), fail(REQUEST, `fetch: ${detail(e)}`)),
  );
  pending.abort = () => own?.abort();
  return pending;
}

/** `[code, bytes, id]`: the reply's body and request ID, or the failure's message in UTF-8. */
export const rynamoStatus = (reply) => reply[0];
export const rynamoBody = (reply) => reply[1];
export const rynamoRequestId = (reply) => reply[2];

/** `performance.now()` (monotonic) where the host has it, else `Date.now()`. */
export function rynamoNow() {
  try {
    return performance.now();
  } catch {
    return Date.now();
  }
}

/** `AbortSignal.any([a, b])`, or `b` where the host lacks it. */
function either(a, b) {
  if (a == null || b == null) return b ?? a;
  try {
    return AbortSignal.any([a, b]);
  } catch {
    return b;
  }
}

function header(response, name) {
  try {
    const value = response.headers.get(name);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

async function exchange(transport, target, body, own) {
  if (transport.insecure && !transport.allowHttp) {
    return fail(REQUEST, `refusing plain http to \`${transport.url}\`: signed requests and session tokens would be sent in clear text; use https, or opt in with allowHttp (http to localhost, 127.0.0.0/8 and [::1] is always allowed)`);
  }
  let credentials;
  try {
    credentials = await provided(transport.credentials);
  } catch (e) {
    return fail(REQUEST, `credentials provider: ${detail(e)}`);
  }
  const reply = await signed(transport, target, body, own, credentials);
  // Refused for its signing time: this clock is more than 15 minutes off
  // the server's. Signed again with the difference the reply names, and
  // sent once more at once (it was refused unread); later requests are
  // signed with it too.
  const server = refusedAt(reply);
  if (server === undefined) return reply;
  transport.clock.skew = server - Date.now();
  return signed(transport, target, body, own, credentials);
}

/**
 * DynamoDB's refusal of a request signed more than 15 minutes off its
 * clock, "Signature expired: <signed> is now earlier than <limit> (<now> -
 * 15 min.)" or "Signature not yet current: … (<now> + 15 min.)": the
 * server's <now> in epoch milliseconds, else undefined (rynamo_core's
 * ServiceError::server_time reads the same for the native client).
 */
function refusedAt([status, bytes]) {
  // Only a small reply can be one: a failed condition's reply, with its
  // item, is not parsed here as well as by the core.
  if ((status !== 400 && status !== 403) || bytes.length > MAX_SIGNING_REFUSAL_BYTES) return undefined;
  try {
    const { __type: type, message } = JSON.parse(new TextDecoder().decode(bytes));
    const at = /^Signature (?:expired|not yet current): \S+ is (?:now earlier|still later) than \S+ \((\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z [+-] /.exec(message);
    return at !== null && /InvalidSignatureException$/.test(type) ? Date.UTC(at[1], at[2] - 1, at[3], at[4], at[5], at[6]) : undefined;
  } catch {
    return undefined;
  }
}

/** One signed request: `[status, bytes]` or a failure. */
async function signed(transport, target, body, own, credentials) {
  const headers = {};
  for (const [name, value] of transport.headers) headers[name] = value;
  headers['content-type'] = 'application/x-amz-json-1.0';
  headers['x-amz-target'] = target;
  try {
    Object.assign(headers, (await sign(transport, credentials, target, body, Date.now() + transport.clock.skew)).headers);
  } catch (e) {
    const missing = typeof crypto === 'undefined' || !crypto.subtle;
    return fail(REQUEST, `signing: ${missing ? 'WebCrypto (crypto.subtle) is missing: browsers have it on https pages and localhost only' : detail(e)}`);
  }
  const init = { method: 'POST', headers, body, redirect: 'manual' };
  // The caller's signal and the timeout's.
  let given;
  if (transport.timeout !== undefined) {
    try {
      given = AbortSignal.timeout(transport.timeout);
    } catch {
      // No AbortSignal.timeout: the core's deadlines still apply.
    }
  }
  given = either(given, transport.signal);
  // Without AbortSignal.any only the caller's signal is passed.
  const signal = either(own?.signal, given);
  if (signal != null) init.signal = signal;
  // Abandoned while the credentials or the signature were awaited.
  if (own?.signal.aborted) return fail(REQUEST, 'fetch: aborted');
  let response;
  try {
    response = (transport.fetch ?? fetch)(transport.url, init);
  } catch (e) {
    return failed(given, REQUEST, 'fetch', e);
  }
  try {
    response = await response;
  } catch (e) {
    return failed(given, CONNECT, 'fetch', e);
  }
  if (!isObject(response)) return fail(IO, 'fetch: the reply is not a Response');
  const { status: number } = response;
  // As Rust's `f64 as u16`: truncated, saturating, NaN as 0.
  const status = typeof number === 'number' && number > 0 ? Math.min(Math.trunc(number), 65535) : 0;
  if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
    return fail(REQUEST, `redirect (HTTP ${status}) to \`${header(response, 'location') ?? ''}\` refused: check the endpoint`);
  }
  const id = header(response, 'x-amzn-requestid');
  transport.call.id = id;
  const reply = await read(response, transport.max, given, status);
  // The reply's own request ID (`rynamoRequestId`): exact however many
  // requests share the call's slot.
  if (reply[0] >= 0) reply[2] = id;
  return reply;
}

/**
 * Credentials to sign with: fixed ones as they are; a provider's, cached
 * until they are due for a refresh. However many requests wait, one call of
 * the provider is in flight. While the cached credentials are still valid,
 * the other requests keep signing with them, and so does the one that
 * asked if the call fails (the provider is then asked again 5 s later at
 * the earliest). Once they have expired (or before the first call), every
 * request waits for that one call and shares its result or its failure.
 */
async function provided(source) {
  const { provider, value, expiry, due } = source;
  const now = Date.now();
  if (provider === undefined || (value !== undefined && (due === undefined || now < due))) return value;
  const valid = value !== undefined && now < expiry;
  if (valid && (source.pending !== undefined || now - source.failed < RETRY_AFTER_MS)) return value;
  source.pending ??= ask(source).finally(() => {
    source.pending = undefined;
  });
  try {
    return await source.pending;
  } catch (e) {
    if (valid) return value;
    // Past their expiry (a time that is not a time never had one).
    if (value !== undefined && Number.isFinite(expiry)) {
      throw new Error(`the credentials expired at ${new Date(expiry).toISOString()} and asking for new ones failed: ${detail(e)}`);
    }
    throw e;
  }
}

/** One call of the provider; its credentials (and when they are due) are kept in `source`. */
async function ask(source) {
  const asked = Date.now();
  try {
    const value = await source.provider();
    const string = (key) => (isObject(value) && typeof value[key] === 'string' ? value[key] : undefined);
    const [accessKeyId, secretAccessKey, sessionToken] = [string('accessKeyId'), string('secretAccessKey'), string('sessionToken')];
    if (accessKeyId === undefined || secretAccessKey === undefined) throw new Error('the result needs accessKeyId and secretAccessKey');
    // A Date or epoch milliseconds; one that is not a time (NaN) makes
    // them due at once, so the provider is asked again at every request.
    const { expiration } = value;
    const expiry = expiration instanceof Date ? expiration.getTime() : typeof expiration === 'number' ? expiration : undefined;
    if (expiry <= Date.now()) {
      throw new Error(`it gave credentials that expired at ${new Date(expiry).toISOString()}; is this machine's clock right?`);
    }
    source.expiry = expiry;
    source.due = expiry === undefined ? undefined : expiry - Math.min(REFRESH_AHEAD_MS, (expiry - asked) / 2);
    source.failed = undefined;
    return (source.value = { accessKeyId, secretAccessKey, sessionToken });
  } catch (e) {
    source.failed = Date.now();
    throw e;
  }
}

/**
 * The body of `response` as `[status, bytes]`, refused once it passes `max`
 * bytes: at once when its Content-Length says so, else as soon as the
 * chunks read through `body.getReader()` pass it (the stream is then
 * cancelled), so an oversized reply is never held whole. A response
 * without a readable stream (a caller's own fetch) is read with
 * `arrayBuffer()` and checked after.
 */
async function read(response, max, given, status) {
  const stream = response.body;
  const declared = header(response, 'content-length');
  const length = /^\d+$/.test(declared) ? BigInt(declared) : undefined;
  if (length <= U64_MAX && length > max) {
    try {
      if (isObject(stream)) Promise.resolve(stream.cancel()).catch(() => {});
    } catch {
      // Nothing to stop.
    }
    return tooLarge(max, length);
  }
  let reader;
  let streamed = false;
  if (isObject(stream)) {
    try {
      reader = stream.getReader();
      streamed = true;
    } catch {
      // Read with arrayBuffer().
    }
  }
  const chunks = [];
  let size = 0;
  // Set once the body passed `max`: the reader is cancelled (stopping the
  // download) and the cancellation awaited, so a rejection of it is
  // handled rather than left to the host's unhandled-rejection handler.
  let over = false;
  for (;;) {
    const what = !streamed ? 'arrayBuffer' : over ? 'cancel' : 'read';
    let value;
    try {
      value = await (!streamed ? response.arrayBuffer() : over ? reader.cancel() : reader.read());
    } catch (e) {
      if (over) return tooLarge(max);
      return failed(given, IO, what, e);
    }
    if (over) return tooLarge(max);
    if (streamed && (!isObject(value) || value.done !== false)) break;
    const bytes = new Uint8Array(streamed ? value.value : value);
    if (bytes.length > max - size) {
      if (!streamed) return tooLarge(max);
      over = true;
      continue;
    }
    chunks.push(bytes);
    size += bytes.length;
    if (!streamed) break;
  }
  let bytes = chunks[0] ?? new Uint8Array();
  if (chunks.length > 1) {
    bytes = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
  }
  return [status, bytes];
}

// SigV4 for DynamoDB's JSON protocol, over WebCrypto.

const hex = (buffer) => {
  let out = '';
  for (const b of new Uint8Array(buffer)) out += (b < 16 ? '0' : '') + b.toString(16);
  return out;
};
const bytesOf = (data) => (typeof data === 'string' ? encoder.encode(data) : data);
/** SHA-256 of a string (as UTF-8) or bytes. */
export const sha256 = (data) => crypto.subtle.digest('SHA-256', bytesOf(data));
/** HMAC-SHA-256 of `data` under `key` (strings as UTF-8, or bytes). */
export async function hmac(key, data) {
  return crypto.subtle.sign('HMAC', await hmacKey(key), bytesOf(data));
}
const hmacKey = (key) => crypto.subtle.importKey('raw', bytesOf(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
// Header values as SigV4 trims them (ASCII whitespace only).
const trim = (value) => value.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');

/**
 * Signs a DynamoDB POST of `body` with the `x-amz-target` `target` at
 * `unixMillis`: the headers to add, and the intermediate texts in the AWS
 * SigV4 test suite's terms (the fixture tests compare them).
 */
export async function sign(transport, credentials, target, body, unixMillis) {
  // 20150830T123600Z, from whole seconds.
  const date = new Date(Math.floor(unixMillis / 1000) * 1000).toISOString().replace(/[-:]|\.\d+/g, '');
  const day = date.slice(0, 8);
  const { accessKeyId, secretAccessKey, sessionToken } = credentials;
  const token = typeof sessionToken === 'string';
  // The signed headers, in sorted order.
  const signed = [['content-type', 'application/x-amz-json-1.0'], ['host', transport.host], ['x-amz-date', date]];
  if (token) signed.push(['x-amz-security-token', sessionToken]);
  signed.push(['x-amz-target', target]);
  const names = signed.map(([name]) => name).join(';');
  // SigV4's canonical URI for every service but S3: the path encoded once
  // more (each byte but unreserved ones and `/`, so `%20` becomes `%2520`).
  const uri = transport.path.replace(/[^A-Za-z0-9\-._~/]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  const canonicalRequest = `POST\n${uri}\n\n${signed.map(([name, value]) => `${name}:${trim(value)}\n`).join('')}\n${names}\n${hex(await sha256(body))}`;
  const scope = `${day}/${transport.region}/dynamodb/aws4_request`;
  const stringToSign = `AWS4-HMAC-SHA256\n${date}\n${scope}\n${hex(await sha256(canonicalRequest))}`;
  // The signing key (imported for WebCrypto), kept with the credentials
  // for their day and region: each request then signs with one call.
  let [keyScope, key] = credentials.key ?? [];
  if (keyScope !== scope) {
    key = await hmac(`AWS4${secretAccessKey}`, day);
    for (const part of [transport.region, 'dynamodb', 'aws4_request']) key = await hmac(key, part);
    key = await hmacKey(key);
    credentials.key = [scope, key];
  }
  const signature = hex(await crypto.subtle.sign('HMAC', key, encoder.encode(stringToSign)));
  const authorization = `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${names}, Signature=${signature}`;
  const headers = { 'x-amz-date': date, authorization };
  if (token) headers['x-amz-security-token'] = sessionToken;
  return { canonicalRequest, stringToSign, headers };
}
