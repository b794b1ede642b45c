// Where the connection is kept. The secret key and session token never
// reach localStorage in plain text: by default they live in this tab's
// sessionStorage (gone when the tab closes); on request they are kept on
// this device encrypted with a passphrase (PBKDF2-SHA-256, 310,000
// rounds, AES-GCM), and the page says what is stored.
const STORE = 'rynamo-workbench-connection';
const SESSION = 'rynamo-workbench-secret';
const ROUNDS = 310000;

const text = new TextEncoder();
const b64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
const unb64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

async function keyFrom(passphrase, salt) {
  const base = await crypto.subtle.importKey('raw', text.encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: ROUNDS }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** What is stored, as the connection form shows it. */
export function storedDescription() {
  const saved = readSaved();
  if (!saved) return sessionSecret() ? 'Nothing stored on this device; the secret key stays in this tab until it closes.' : 'Nothing stored: the credentials live in this page only.';
  const what = 'endpoint, region and access key id';
  return saved.sealed
    ? `Stored on this device: ${what}, plus the secret key and session token encrypted with your passphrase.`
    : `Stored on this device: ${what}. The secret key and session token stay in this tab until it closes.`;
}

/** The saved connection (never holding a plain secret), or null. */
export function readSaved() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORE) || 'null');
    // Older versions stored the secret in plain text: drop it.
    if (saved?.credentials) {
      const { endpoint, region, credentials } = saved;
      const clean = { endpoint, region, accessKeyId: credentials.accessKeyId };
      localStorage.setItem(STORE, JSON.stringify(clean));
      return clean;
    }
    return saved;
  } catch {
    return null;
  }
}

/** The secret held for this tab: `{ secretAccessKey, sessionToken }` or null. */
export function sessionSecret() {
  try { return JSON.parse(sessionStorage.getItem(SESSION) || 'null'); } catch { return null; }
}

/** Decrypts the secret kept on this device; throws on a wrong passphrase. */
export async function unseal(passphrase) {
  const { sealed } = readSaved() || {};
  if (!sealed) return null;
  const key = await keyFrom(passphrase, unb64(sealed.salt));
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: unb64(sealed.iv) }, key, unb64(sealed.data));
    return JSON.parse(new TextDecoder().decode(plain));
  } catch {
    throw new Error('wrong passphrase: the stored secret key could not be decrypted');
  }
}

/**
 * Keeps a connection: `mode` "none" (nothing), "session" (endpoint, region
 * and key id on the device, secret in this tab) or "device" (and the secret
 * encrypted with `passphrase`).
 */
export async function keep(config, mode, passphrase) {
  const secret = { secretAccessKey: config.credentials.secretAccessKey, sessionToken: config.credentials.sessionToken || '' };
  if (mode === 'none') {
    sessionStorage.removeItem(SESSION);
    localStorage.removeItem(STORE);
    return;
  }
  sessionStorage.setItem(SESSION, JSON.stringify(secret));
  const saved = { endpoint: config.endpoint, region: config.region, accessKeyId: config.credentials.accessKeyId };
  if (mode === 'device') {
    if (!passphrase) throw new TypeError('choose a passphrase to keep the secret key on this device');
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await keyFrom(passphrase, salt), text.encode(JSON.stringify(secret)));
    saved.sealed = { salt: b64(salt), iv: b64(iv), data: b64(data) };
  }
  localStorage.setItem(STORE, JSON.stringify(saved));
}
